/**
 * Lambda custom integration: the function's handler is loaded in-process from the directory its code
 * archive points at, and invoked the way Lambda's synchronous Invoke does: the event is the request
 * body parsed as JSON, the result is JSON-serialized, and a thrown error becomes Lambda's error document.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { GATEWAY_ERRORS, GatewayFailure, withMessage } from "../errors.ts";
import type { LambdaFunctionModel } from "../model.ts";
import type { Integration, IntegrationCall, IntegrationResult } from "../types.ts";
import { runInInvocation } from "./lambda-logs.ts";

/** Lambda's synchronous payload quota, request and response. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

type Handler = (event: unknown, context: LambdaContext) => unknown;

/** The context object a Node.js handler receives. */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export class LambdaIntegration implements Integration {
  private handler?: Promise<Handler>;
  private readonly endpoint: string;

  constructor(private readonly fn: LambdaFunctionModel, region: string, private readonly timeoutMs: number) {
    this.endpoint = `https://lambda.${region}.amazonaws.com/2015-03-31/functions/${fn.arn}/invocations`;
  }

  /** Loads the handler (once) and applies the function's environment to this process. */
  load(): Promise<Handler> {
    this.handler ??= loadHandler(this.fn);
    return this.handler;
  }

  async invoke(call: IntegrationCall): Promise<IntegrationResult> {
    const endpointRequest = { method: "POST", url: this.endpoint, headers: { "X-Amz-Invocation-Type": "RequestResponse" }, body: call.body };
    if (Buffer.byteLength(call.body) > MAX_PAYLOAD_BYTES) {
      throw new GatewayFailure(withMessage(GATEWAY_ERRORS.requestTooLarge,
        `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`), "Lambda payload above 6 MB");
    }
    let event: unknown;
    try {
      event = JSON.parse(call.body);
    } catch (err) {
      const message = `Could not parse request body into json: ${(err as Error).message}`;
      throw new GatewayFailure(withMessage(GATEWAY_ERRORS.badRequest, message), "Lambda rejected the payload (InvalidRequestContentException)");
    }
    const handler = await this.load();
    const outcome = await this.run(handler, event, call.requestId);
    const body = JSON.stringify(outcome.value) ?? "null";
    return { endpointRequest, status: 200, headers: { "Content-Type": "application/json" }, body, selectionValue: outcome.errorMessage ?? "" };
  }

  private run(handler: Handler, event: unknown, requestId: string): Promise<{ value: unknown; errorMessage?: string }> {
    const functionTimeoutMs = this.fn.timeoutSeconds * 1000;
    const deadline = Date.now() + functionTimeoutMs;
    const context = this.context(requestId, deadline);
    return new Promise((resolve, reject) => {
      const gatewayGivesUp = this.timeoutMs < functionTimeoutMs;
      const timer = setTimeout(() => {
        if (gatewayGivesUp) {
          reject(new GatewayFailure(GATEWAY_ERRORS.integrationTimeout, `no response within ${this.timeoutMs} ms`));
          return;
        }
        const errorMessage = `${new Date().toISOString()} ${requestId} Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`;
        resolve({ value: { errorMessage }, errorMessage });
      }, Math.min(functionTimeoutMs, this.timeoutMs));
      runInInvocation(requestId, async () => {
        try {
          const value = await handler(event, context);
          const size = Buffer.byteLength(JSON.stringify(value) ?? "null");
          resolve(size > MAX_PAYLOAD_BYTES ? responseTooLarge(size) : { value });
        } catch (err) {
          resolve(errorDocument(err));
        } finally {
          clearTimeout(timer);
        }
      });
    });
  }

  private context(requestId: string, deadline: number): LambdaContext {
    return {
      awsRequestId: requestId,
      functionName: this.fn.name,
      functionVersion: "$LATEST",
      invokedFunctionArn: this.fn.arn,
      memoryLimitInMB: String(this.fn.memoryMb),
      logGroupName: this.fn.logGroupName,
      logStreamName: "local/[$LATEST]local",
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
  }
}

/** Lambda's error document for a thrown value (Node.js runtime shape). */
function errorDocument(err: unknown): { value: unknown; errorMessage: string } {
  const error = err instanceof Error ? err : new Error(String(err));
  const errorMessage = error.message;
  return {
    value: { errorType: error.name, errorMessage, trace: (error.stack ?? "").split("\n") },
    errorMessage,
  };
}

function responseTooLarge(size: number): { value: unknown; errorMessage: string } {
  const errorMessage = `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`;
  return { value: { errorType: "Function.ResponseSizeTooLarge", errorMessage }, errorMessage };
}

async function loadHandler(fn: LambdaFunctionModel): Promise<Handler> {
  const [moduleName, exportName] = splitHandler(fn.handler);
  const file = [".mjs", ".js", ".cjs"].map((ext) => path.join(fn.codeDir, moduleName + ext)).find(existsSync);
  if (file === undefined) throw new Error(`function ${fn.name}: no ${moduleName}.mjs/.js/.cjs in ${fn.codeDir}`);
  Object.assign(process.env, fn.environment, {
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroupName,
  });
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== "function") throw new Error(`function ${fn.name}: ${file} exports no function "${exportName}"`);
  return handler as Handler;
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0) throw new Error(`handler "${handler}" must be <file>.<export>`);
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}
