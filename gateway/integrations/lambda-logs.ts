/**
 * Attributes console output to the Lambda invocation that wrote it, as the Lambda Node.js runtime
 * does: `<ISO time>\t<request id>\t<LEVEL>\t<message>`. Invocations run concurrently in one process,
 * so the request id travels with the async context rather than in a global.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";

const invocation = new AsyncLocalStorage<string>();
type Method = "log" | "info" | "warn" | "error" | "debug";
const LEVELS: Record<Method, string> = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" };

/** Where function logs go; stdout unless told otherwise. */
export type LogSink = (line: string) => void;

let sink: LogSink | undefined;
let installed = false;

/**
 * Routes console calls made inside {@link runInInvocation} to `target`, prefixed. Calls outside any
 * invocation are untouched. Installing again only changes the sink.
 */
export function captureLambdaLogs(target: LogSink): void {
  sink = target;
  if (installed) return;
  installed = true;
  for (const method of Object.keys(LEVELS) as Method[]) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const requestId = invocation.getStore();
      if (requestId === undefined || sink === undefined) return original(...args);
      const message = args.length === 1 && typeof args[0] === "string" ? args[0] : format(...args);
      sink(`${isoNow()}\t${requestId}\t${LEVELS[method]}\t${message}\n`);
    };
  }
}

let isoMillis = 0;
let isoText = "";

/** The current time in ISO 8601, formatted at most once per millisecond. */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoMillis) {
    isoMillis = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}

/** Runs `work(...args)` with console output attributed to `requestId`. */
export function runInInvocation<A extends unknown[], T>(requestId: string, work: (...args: A) => T, ...args: A): T {
  return invocation.run(requestId, work, ...args);
}
