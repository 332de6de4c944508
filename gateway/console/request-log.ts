/**
 * The requests the console shows: the latest execution records and the function log lines written
 * under their request ids, each bounded by count and size so that memory stays flat under any load.
 * Keeping a request is a few array writes; nothing is copied or serialized until a page asks.
 */
import type { ExecutionRecord } from "../types.ts";
import { BoundedQueue } from "./bounded-queue.ts";
import { KEPT_REQUESTS } from "./protocol.ts";

/** Their bodies' total size, in characters; the newest request is kept whatever its size. */
const KEPT_REQUEST_CHARS = 64 * 1024 * 1024;
const KEPT_LOG_LINES = 2000;
const KEPT_LOG_CHARS = 16 * 1024 * 1024;
/** What a record holds besides its bodies, roughly. */
const RECORD_OVERHEAD = 2048;

interface LogLine {
  readonly requestId: string;
  readonly line: string;
}

export class RequestLog {
  private readonly records = new BoundedQueue<ExecutionRecord>(KEPT_REQUESTS, KEPT_REQUEST_CHARS);
  private readonly lines = new BoundedQueue<LogLine>(KEPT_LOG_LINES, KEPT_LOG_CHARS);
  private listener?: () => void;

  /** A gateway server's record sink. */
  readonly add = (record: ExecutionRecord): void => {
    this.records.push(record, sizeOf(record));
    this.listener?.();
  };

  /** A function log sink: keeps the line under its request id. */
  readonly addFunctionLog = (line: string, requestId: string): void => {
    this.lines.push({ requestId, line }, line.length);
  };

  /** Calls `listener` after each added record (one listener: the console's event stream). */
  onAdd(listener: () => void): void {
    this.listener = listener;
  }

  /** A mark for {@link since}. */
  get mark(): number {
    return this.records.total;
  }

  /** Newest first. */
  latest(): ExecutionRecord[] {
    return this.records.newest();
  }

  /** Records added after `mark` and still kept, newest first. */
  since(mark: number): ExecutionRecord[] {
    return this.records.since(mark);
  }

  find(requestId: string): ExecutionRecord | undefined {
    return this.records.newest().find((record) => record.requestId === requestId);
  }

  /** The function's log lines for a request, oldest first, without their line ends. */
  functionLogsOf(requestId: string): string[] {
    return this.lines.newest().filter((entry) => entry.requestId === requestId).map((entry) => entry.line.replace(/\n$/, "")).reverse();
  }
}

function sizeOf(record: ExecutionRecord): number {
  return RECORD_OVERHEAD + record.request.body.length + (record.methodRequest?.body.length ?? 0) + (record.integrationCall?.body.length ?? 0)
    + (record.integrationResult?.body.length ?? 0) + record.response.body.length;
}
