/**
 * Deadlines of in-flight invocations, watched by one interval timer. Under load, a timer per invocation
 * (set, then cleared microseconds later) costs more than the rest of the invocation's bookkeeping. A
 * deadline fires within {@link TICK_MS} of its time, closer than Lambda's own timeouts are observed.
 */

/** How often pending deadlines are checked. */
export const TICK_MS = 10;

/** A deadline that can be cancelled once the work it guards is done. */
export interface Deadline {
  cancel(): void;
}

class PendingDeadline implements Deadline {
  constructor(readonly at: number, readonly onExpiry: () => void) {}

  cancel(): void {
    pending.delete(this);
  }
}

const pending = new Set<PendingDeadline>();
let timer: NodeJS.Timeout | undefined;

/** Calls `onExpiry` once `ms` milliseconds have passed, unless cancelled first. */
export function deadlineIn(ms: number, onExpiry: () => void): Deadline {
  const deadline = new PendingDeadline(Date.now() + ms, onExpiry);
  pending.add(deadline);
  timer ??= setInterval(expire, TICK_MS);
  return deadline;
}

/** Fires what is due; the timer stops at the first tick with nothing pending, not at every cancel. */
function expire(): void {
  if (pending.size === 0) {
    clearInterval(timer);
    timer = undefined;
    return;
  }
  const now = Date.now();
  for (const deadline of pending) {
    if (deadline.at > now) continue;
    pending.delete(deadline);
    deadline.onExpiry();
  }
}
