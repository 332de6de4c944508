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

/** Pending deadlines form a list, so that adding and cancelling one (twice per invocation) is a few pointer writes. */
class PendingDeadline implements Deadline {
  previous: PendingDeadline | undefined;
  next: PendingDeadline | undefined;

  constructor(readonly at: number, readonly onExpiry: () => void) {}

  cancel(): void {
    if (this.previous === undefined) return;
    this.previous.next = this.next;
    if (this.next !== undefined) this.next.previous = this.previous;
    this.previous = this.next = undefined;
  }
}

/** The list's head; its `next` is the first pending deadline. */
const pending = new PendingDeadline(Infinity, () => {});
let timer: NodeJS.Timeout | undefined;

/** Calls `onExpiry` once `ms` milliseconds have passed, unless cancelled first. */
export function deadlineIn(ms: number, onExpiry: () => void): Deadline {
  const deadline = new PendingDeadline(Date.now() + ms, onExpiry);
  deadline.previous = pending;
  deadline.next = pending.next;
  if (pending.next !== undefined) pending.next.previous = deadline;
  pending.next = deadline;
  timer ??= setInterval(expire, TICK_MS);
  return deadline;
}

/** Fires what is due; the timer stops at the first tick with nothing pending, not at every cancel. */
function expire(): void {
  if (pending.next === undefined) {
    clearInterval(timer);
    timer = undefined;
    return;
  }
  const now = Date.now();
  const due: PendingDeadline[] = [];
  for (let deadline: PendingDeadline | undefined = pending.next; deadline !== undefined; deadline = deadline.next) {
    if (deadline.at <= now) due.push(deadline);
  }
  // A callback may cancel a deadline that is due too (it then does not fire) or add new ones.
  for (const deadline of due) {
    if (deadline.previous === undefined) continue;
    deadline.cancel();
    deadline.onExpiry();
  }
}
