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

/** Where function logs go; stdout unless told otherwise. Each line comes with its invocation's request id. */
export type LogSink = (line: string, requestId: string) => void;

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
      sink(logLine(requestId, LEVELS[method], args.length === 1 && typeof args[0] === "string" ? args[0] : format(...args)), requestId);
    };
  }
}

/** A function log line as CloudWatch shows it. */
function logLine(requestId: string, level: string, message: string): string {
  return `${isoNow()}\t${requestId}\t${level}\t${message}\n`;
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

/**
 * A throw in a function's timer callback, or a promise it rejects with no one waiting, would end this
 * process and every route it serves. The Lambda Node.js runtime logs such errors as `Uncaught Exception`
 * / `Unhandled Promise Rejection` (then fails the running invocation and starts a new environment); the
 * gateway logs them the same way, under the request id of the invocation that raised them, and keeps
 * serving. An uncaught exception no invocation raised is the gateway's own and still ends the process.
 * @returns removes the listeners again.
 */
export function surviveFunctionErrors(): () => void {
  const onException = (error: unknown) => {
    if (!reportEscaped("Uncaught Exception", error)) {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    }
  };
  const onRejection = (reason: unknown) => {
    if (!reportEscaped("Unhandled Promise Rejection", reason)) process.stderr.write(`Unhandled Promise Rejection: ${String(reason)}\n`);
  };
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  return () => {
    process.off("uncaughtException", onException);
    process.off("unhandledRejection", onRejection);
  };
}

/** Logs an error that escaped a function, if an invocation raised it. */
function reportEscaped(label: string, error: unknown): boolean {
  const requestId = invocation.getStore();
  if (requestId === undefined || sink === undefined) return false;
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  const detail = JSON.stringify({ errorType: name, errorMessage: message, stack: (stack ?? "").split("\n") });
  sink(logLine(requestId, "ERROR", `${label} \t${detail}`), requestId);
  return true;
}
