/**
 * Counts Ctrl-C presses. One press can reach the script several times within milliseconds: the
 * terminal signals the whole process group, and `npm run` and the tsx CLI each relay SIGINT to their
 * child as well. Signals within `windowMs` of the first belong to that first press.
 */
export class Interrupts {
  private first: number | undefined;

  constructor(private readonly windowMs = 1_500) {}

  /** Classifies a SIGINT received at `now` (ms). */
  press(now: number): "first" | "echo" | "again" {
    if (this.first === undefined) {
      this.first = now;
      return "first";
    }
    return now - this.first < this.windowMs ? "echo" : "again";
  }
}
