/**
 * A compact progress line for long operations, from the engine events the Automation API streams:
 * `[12/31] creating aws:apigateway/method:Method lambda-any (+2 more)`. The total is the number of
 * resource steps the engine has started so far; it grows while the program registers resources.
 */
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation/index.js";

const VERBS: Partial<Record<OpType, string>> = {
  create: "creating", update: "updating", delete: "deleting", replace: "replacing",
  "create-replacement": "replacing", "delete-replaced": "deleting replaced", same: "checking",
  refresh: "refreshing", read: "reading", import: "importing",
};

/** Tracks resource steps from engine events. */
export class ProgressTracker {
  private readonly inFlight = new Map<string, string>();
  private readonly seen = new Set<string>();
  private done = 0;

  /** Feeds one engine event. */
  handle(event: EngineEvent): void {
    const pre = event.resourcePreEvent?.metadata;
    if (pre !== undefined && !this.seen.has(pre.urn)) {
      this.seen.add(pre.urn);
      this.inFlight.set(pre.urn, `${VERBS[pre.op] ?? pre.op} ${pre.type} ${nameOf(pre.urn)}`);
    }
    const finished = event.resOutputsEvent?.metadata.urn ?? event.resOpFailedEvent?.metadata.urn;
    if (finished !== undefined && this.inFlight.delete(finished)) this.done += 1;
  }

  /** The progress line, or `undefined` before the first resource step. */
  line(): string | undefined {
    if (this.seen.size === 0) return undefined;
    const current = [...this.inFlight.values()];
    const head = `[${this.done}/${this.seen.size}]`;
    if (current.length === 0) return head;
    const more = current.length > 1 ? ` (+${current.length - 1} more)` : "";
    return `${head} ${current[current.length - 1]}${more}`;
  }
}

/** The logical name at the end of a URN (`urn:pulumi:dev::proj::type::name`). */
function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Where the progress line is drawn. */
export interface LineStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Draws the progress line: on a terminal, rewritten in place on the last row and lifted out of the way
 * of engine output; elsewhere (CI logs), printed as a plain line at most every `intervalMs`.
 */
export class StatusLine {
  private shown = false;
  private lastPrinted = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly stream: LineStream,
    private readonly intervalMs = 15_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Shows `text` as the current status. */
  update(text: string | undefined): void {
    if (text === undefined) return;
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[K${text}`);
      this.shown = true;
    } else if (this.now() - this.lastPrinted >= this.intervalMs) {
      this.stream.write(`${text}\n`);
      this.lastPrinted = this.now();
    }
  }

  /** Removes the status from the terminal (before other output is written). */
  clear(): void {
    if (this.shown) this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}
