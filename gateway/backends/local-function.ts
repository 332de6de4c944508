/**
 * A Lambda function run in this process the way Lambda's synchronous Invoke runs it: the handler is
 * loaded from the directory its code archive points at, gets a Lambda-like context and its function's
 * environment, and its result comes back JSON-serialized, or as Lambda's error document when it throws
 * or runs past the function's timeout. Both Lambda integrations and Lambda authorizers call functions
 * through this.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { DeclaredFunction } from "../declared-api.ts";
import { deadlineIn } from "./deadlines.ts";
import { runInInvocation } from "./lambda-logs.ts";

/** Lambda's synchronous payload quota, request and response. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

type Handler = (event: unknown, context: LambdaContext) => unknown;

/** The serialized result of one invocation; `errorMessage` is set when the function failed. */
export interface Outcome {
  readonly body: string;
  readonly errorMessage?: string;
}

/** The function environment that is in process.env now. */
let environmentInPlace: Record<string, string> | undefined;

/** The context object a Node.js handler receives. */
export class LambdaContext {
  readonly functionVersion = "$LATEST";
  readonly logStreamName = "local/[$LATEST]local";
  callbackWaitsForEmptyEventLoop = true;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;

  constructor(readonly awsRequestId: string, fn: DeclaredFunction, private readonly deadline: number) {
    this.functionName = fn.name;
    this.invokedFunctionArn = fn.arn;
    this.memoryLimitInMB = String(fn.memoryMb);
    this.logGroupName = fn.logGroupName;
  }

  getRemainingTimeInMillis(): number {
    return Math.max(0, this.deadline - Date.now());
  }
}

export class LocalFunction {
  private handler?: Promise<Handler>;
  private loaded?: Handler;
  private readonly environment: Record<string, string>;

  constructor(readonly fn: DeclaredFunction, region: string) {
    this.environment = {
      ...fn.environment,
      AWS_REGION: region,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroupName,
    };
  }

  /** Loads the handler (once). */
  load(): Promise<Handler> {
    this.handler ??= loadHandler(this.fn).then((handler) => (this.loaded = handler));
    return this.handler;
  }

  /**
   * Invokes the handler with its console output attributed to `requestId`. Settles with its result,
   * its error, or Lambda's timeout error, whichever comes first; if the caller's own timeout is
   * shorter than the function's and passes first, rejects with what `callerTimedOut` makes.
   */
  invoke(event: unknown, requestId: string, callerTimeoutMs: number, callerTimedOut: () => Error): Promise<Outcome> {
    if (this.loaded) return this.run(this.loaded, event, requestId, callerTimeoutMs, callerTimedOut);
    return this.load().then((handler) => this.run(handler, event, requestId, callerTimeoutMs, callerTimedOut));
  }

  private run(handler: Handler, event: unknown, requestId: string, callerTimeoutMs: number, callerTimedOut: () => Error): Promise<Outcome> {
    const functionTimeoutMs = this.fn.timeoutSeconds * 1000;
    const context = new LambdaContext(requestId, this.fn, Date.now() + functionTimeoutMs);
    return new Promise((resolve, reject) => {
      const deadline = deadlineIn(Math.min(functionTimeoutMs, callerTimeoutMs), () => {
        if (callerTimeoutMs < functionTimeoutMs) {
          reject(callerTimedOut());
          return;
        }
        const errorMessage = `${new Date().toISOString()} ${requestId} Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`;
        resolve({ body: JSON.stringify({ errorMessage }), errorMessage });
      });
      this.applyEnvironment();
      callHandler(handler, event, context).then((outcome) => {
        deadline.cancel();
        resolve(outcome);
      });
    });
  }

  /**
   * All functions share this process's environment: an invocation sets its function's variables as it
   * starts (when another function's are in place), which is what a handler reading them before its first
   * await sees. Writing process.env is a system call, so it is skipped when nothing changes.
   */
  private applyEnvironment(): void {
    if (environmentInPlace === this.environment) return;
    environmentInPlace = this.environment;
    Object.assign(process.env, this.environment);
  }
}

/** Runs the handler with its logs attributed to the invocation; never rejects. */
function callHandler(handler: Handler, event: unknown, context: LambdaContext): Promise<Outcome> {
  let returned: unknown;
  try {
    returned = runInInvocation(context.awsRequestId, handler, event, context);
  } catch (err) {
    return Promise.resolve(errorDocument(err));
  }
  return Promise.resolve(returned).then(serialized, errorDocument);
}

/** The function's result as Lambda returns it: JSON, within the payload quota (a value JSON cannot hold is an error). */
function serialized(value: unknown): Outcome {
  let body: string;
  try {
    body = JSON.stringify(value) ?? "null";
  } catch (err) {
    return errorDocument(err);
  }
  return byteLengthAbove(body, MAX_PAYLOAD_BYTES) ? responseTooLarge(Buffer.byteLength(body)) : { body };
}

/** Lambda's error document for a thrown value (Node.js runtime shape). */
function errorDocument(err: unknown): Outcome {
  const error = err instanceof Error ? err : new Error(String(err));
  const errorMessage = error.message;
  return {
    body: JSON.stringify({ errorType: error.name, errorMessage, trace: (error.stack ?? "").split("\n") }),
    errorMessage,
  };
}

function responseTooLarge(size: number): Outcome {
  const errorMessage = `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`;
  return { body: JSON.stringify({ errorType: "Function.ResponseSizeTooLarge", errorMessage }), errorMessage };
}

/** Whether the UTF-8 size of `text` exceeds `limit`, without encoding short strings (a char is at most 3 bytes). */
export function byteLengthAbove(text: string, limit: number): boolean {
  return text.length * 3 > limit && Buffer.byteLength(text) > limit;
}

/**
 * Imports the handler's module. Node keeps a module per URL for the life of the process, so the URL carries
 * the hash of the function's code: rebuilt code is imported afresh, unchanged code is the module already
 * loaded (like a warm Lambda environment, it keeps what the handler stored at module level).
 */
async function loadHandler(fn: DeclaredFunction): Promise<Handler> {
  const [moduleName, exportName] = splitHandler(fn.handler);
  const file = [".mjs", ".js", ".cjs"].map((ext) => path.join(fn.codeDir, moduleName + ext)).find(existsSync);
  if (file === undefined) throw new Error(`function ${fn.name}: no ${moduleName}.mjs/.js/.cjs in ${fn.codeDir}`);
  const module = (await import(`${pathToFileURL(file).href}?code=${fn.codeHash.slice(0, 16)}`)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== "function") throw new Error(`function ${fn.name}: ${file} exports no function "${exportName}"`);
  return handler as Handler;
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0) throw new Error(`handler "${handler}" must be <file>.<export>`);
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}
