/**
 * The requests the console shows: the latest execution records, each with the function log lines
 * written under its request id, bounded by count and size so that memory stays flat under any load.
 * Keeping a request is a few array and map writes; nothing is copied or serialized until a page asks.
 * Log lines stay only as long as their request: lines kept longer would outlive the young generation
 * under load and cost the gateway garbage collection work.
 */
import type { ExecutionRecord } from "../types.ts";
import { BoundedQueue } from "./bounded-queue.ts";
import { KEPT_REQUESTS } from "./protocol.ts";

/** Their bodies' total size, in characters; the newest request is kept whatever its size. */
const KEPT_REQUEST_CHARS = 64 * 1024 * 1024;
/**
 * Invocations whose lines wait for their record, or were written after it (a function's stray timer);
 * past this many, the oldest are dropped.
 */
const PENDING_INVOCATIONS = 1000;
/** What a record holds besides its bodies, roughly. */
const RECORD_OVERHEAD = 2048;
const NO_LINES: readonly string[] = [];

interface Kept {
  readonly record: ExecutionRecord;
  readonly lines: readonly string[];
}

export class RequestLog {
  private readonly kept = new BoundedQueue<Kept>(KEPT_REQUESTS, KEPT_REQUEST_CHARS);
  /** Log lines by request id, until the request's record takes them. */
  private readonly pending = new Map<string, string[]>();
  private listener?: () => void;

  /** A gateway server's record sink. */
  readonly add = (record: ExecutionRecord): void => {
    const lines = this.pending.get(record.requestId);
    if (lines !== undefined) this.pending.delete(record.requestId);
    this.kept.push({ record, lines: lines ?? NO_LINES }, sizeOf(record, lines));
    this.listener?.();
  };

  /** A function log sink: keeps the line under its request id. */
  readonly addFunctionLog = (line: string, requestId: string): void => {
    const lines = this.pending.get(requestId);
    if (lines !== undefined) {
      lines.push(line);
      return;
    }
    if (this.pending.size >= PENDING_INVOCATIONS) this.pending.delete(this.pending.keys().next().value as string);
    this.pending.set(requestId, [line]);
  };

  /** Calls `listener` after each added record (one listener: the console's event stream). */
  onAdd(listener: () => void): void {
    this.listener = listener;
  }

  /** A mark for {@link since}. */
  get mark(): number {
    return this.kept.total;
  }

  /** Newest first. */
  latest(): ExecutionRecord[] {
    return this.kept.newest().map((entry) => entry.record);
  }

  /** Records added after `mark` and still kept, newest first. */
  since(mark: number): ExecutionRecord[] {
    return this.kept.since(mark).map((entry) => entry.record);
  }

  find(requestId: string): ExecutionRecord | undefined {
    return this.kept.newest().find((entry) => entry.record.requestId === requestId)?.record;
  }

  /** The function's log lines for a kept request, in order, without their line ends. */
  functionLogsOf(requestId: string): string[] {
    const lines = this.kept.newest().find((entry) => entry.record.requestId === requestId)?.lines ?? NO_LINES;
    return [...lines, ...this.pending.get(requestId) ?? NO_LINES].map((line) => line.replace(/\n$/, ""));
  }
}

function sizeOf(record: ExecutionRecord, lines: readonly string[] = NO_LINES): number {
  let size = RECORD_OVERHEAD + record.request.body.length + (record.methodRequest?.body.length ?? 0) + (record.integrationCall?.body.length ?? 0)
    + (record.integrationResult?.body.length ?? 0) + record.response.body.length;
  for (const line of lines) size += line.length;
  return size;
}
