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

/**
 * Pending deadlines form a ring around {@link pending}, in the order they were set, so that setting and
 * cancelling one (twice per invocation) is a few pointer writes.
 */
class PendingDeadline implements Deadline {
  previous: PendingDeadline = this;
  next: PendingDeadline = this;

  constructor(readonly at: number, readonly onExpiry: () => void) {}

  get linked(): boolean {
    return this.next !== this;
  }

  cancel(): void {
    this.previous.next = this.next;
    this.next.previous = this.previous;
    this.previous = this.next = this;
  }
}

/** The ring's anchor: its `next` is the oldest pending deadline, its `previous` the newest. */
const pending = new PendingDeadline(Infinity, () => {});
let timer: NodeJS.Timeout | undefined;

/** Calls `onExpiry` once `ms` milliseconds have passed, unless cancelled first. */
export function deadlineIn(ms: number, onExpiry: () => void): Deadline {
  const deadline = new PendingDeadline(Date.now() + ms, onExpiry);
  deadline.previous = pending.previous;
  deadline.next = pending;
  pending.previous.next = deadline;
  pending.previous = deadline;
  timer ??= setInterval(expire, TICK_MS);
  return deadline;
}

/** Fires what is due, oldest first; the timer stops at the first tick with nothing pending, not at every cancel. */
function expire(): void {
  if (!pending.linked) {
    clearInterval(timer);
    timer = undefined;
    return;
  }
  const now = Date.now();
  const due: PendingDeadline[] = [];
  for (let deadline = pending.next; deadline !== pending; deadline = deadline.next) {
    if (deadline.at <= now) due.push(deadline);
  }
  // A callback may cancel a deadline that is due too (it then does not fire) or set new ones (due at a later tick).
  for (const deadline of due) {
    if (!deadline.linked) continue;
    deadline.cancel();
    deadline.onExpiry();
  }
}
