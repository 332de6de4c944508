/**
 * The API Gateway console's Test (TestInvokeMethod) for the local gateway, as text: which request a
 * test path stands for, and the report of one invocation. The report starts with what the console
 * shows above its log (request, status, latency, response body and headers), then the mapping choices
 * the gateway made and why, then the execution log in the wording of AWS's, one
 * `<time> : <title>: <value>` line per step, so that the two logs can be diffed once times and ids are
 * masked. Its content is the request's execution steps, which the local console shows too.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-test-method.html
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
 */
import type { AuthorizationStep, ExecutionStep, Values } from "./execution-step-types.ts";
import { executionSteps } from "./execution-steps.ts";
import type { ExecutionRecord } from "./types.ts";

/** One test invocation: what was asked, what the gateway went through, and when. */
export interface TestInvocation {
  /** The path and query as tested, without the stage, e.g. `/lambda/a?x=1` (the console's "Request"). */
  readonly pathWithQueryString: string;
  readonly record: ExecutionRecord;
  /** When the invocation started; every log line carries this time. */
  readonly startedAt: Date;
}

/** A test path resolved against the stage. */
export interface TestPath {
  /** What the client would send: `/dev/lambda/a?x=1`. */
  readonly url: string;
  /** The same without the stage: `/lambda/a?x=1`. */
  readonly pathWithQueryString: string;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Adds the stage to a test path, as the console does (its paths are resource paths). A path that
 * already starts with the stage segment is taken as the full path.
 * @param path `/lambda/a?x=1` or `/dev/lambda/a?x=1`; must start with `/`.
 */
export function resolveTestPath(path: string, stage: string): TestPath {
  const mark = path.indexOf("?");
  const firstSegment = (mark === -1 ? path : path.slice(0, mark)).split("/")[1];
  if (firstSegment !== stage) return { url: `/${stage}${path}`, pathWithQueryString: path };
  const rest = path.slice(stage.length + 1);
  return { url: path, pathWithQueryString: rest.startsWith("/") ? rest : `/${rest}` };
}

/** The whole report, ending with a newline. */
export function formatTestInvokeReport(invocation: TestInvocation): string {
  const steps = executionSteps(invocation.record);
  return `${[...summaryLines(invocation), ...mappingLines(steps), "Log:", ...logLines(invocation, steps)].join("\n")}\n`;
}

function summaryLines({ pathWithQueryString, record }: TestInvocation): string[] {
  return [
    `Request: ${pathWithQueryString}`,
    // A failed record does not say how far the request got, so the resource may be unknown.
    ...(record.resourcePath === undefined ? [] : [`Resource: ${record.resourcePath}`]),
    `Status: ${record.response.status}`,
    `Latency: ${Math.round(record.latencyMs)} ms`,
    `Response body: ${record.response.body}`,
    `Response headers: ${javaMap(record.response.headers)}`,
  ];
}

/** The choices AWS's log does not show: which template or response was taken, and why. */
function mappingLines(steps: readonly ExecutionStep[]): string[] {
  const lines = steps.flatMap((step) => {
    switch (step.kind) {
      case "requestMapping": return [`Request template: ${step.contentType ?? "none"} (${step.reason})`];
      case "integrationResponse": return [`Integration response: ${step.statusCode ?? "none"} (${step.reason})`];
      case "responseMapping": return [`Response template: ${step.contentType ?? "none"} (${step.reason})`];
      default: return [];
    }
  });
  return lines.length === 0 ? [] : ["Mapping:", ...lines];
}

function logLines(invocation: TestInvocation, steps: readonly ExecutionStep[]): string[] {
  const { record } = invocation;
  const stamp = `${javaDate(invocation.startedAt)} : `;
  const lines = [
    `Starting execution for request: ${record.requestId}`,
    `HTTP Method: ${record.method}, Resource Path: ${invocation.pathWithQueryString.split("?")[0]}`,
    ...steps.flatMap(executionLogLines),
    `Method completed with status: ${record.response.status}`,
  ];
  return [`Execution log for request ${record.requestId}`, ...lines.map((line) => stamp + line)];
}

/** A step in the words of AWS's execution log; steps that log does not show give no line. */
function executionLogLines(step: ExecutionStep): string[] {
  switch (step.kind) {
    case "methodRequest": {
      const query = Object.fromEntries(Object.entries(step.query).map(([name, values]) => [name, lastValue(values)]));
      return [
        `Method request path: ${javaMap(step.path)}`,
        `Method request query string: ${javaMap(query)}`,
        `Method request headers: ${javaMap(step.headers)}`,
        `Method request body before transformations: ${step.body}`,
      ];
    }
    case "endpointRequest": return [
      `Endpoint request URI: ${step.url}`,
      `Endpoint request headers: ${javaMap(step.headers)}`,
      `Endpoint request body after transformations: ${step.body}`,
      `Sending request to ${step.url}`,
    ];
    case "endpointResponse": {
      const latency = step.integrationLatencyMs === undefined ? "" : `, Integration latency: ${Math.round(step.integrationLatencyMs)} ms`;
      return [
        `Received response. Status: ${step.status}${latency}`,
        `Endpoint response headers: ${javaMap(step.headers)}`,
        `Endpoint response body before transformations: ${step.body}`,
      ];
    }
    case "methodResponse": return [
      `Method response body after transformations: ${step.body}`,
      `Method response headers: ${javaMap(step.headers)}`,
      "Successfully completed execution",
    ];
    case "authorization": return authorizationLines(step);
    case "gatewayResponse": return [
      step.failure.startsWith("Execution failed") ? step.failure : `Execution failed: ${step.failure}`,
      `Gateway response type: ${step.responseType} with status code: ${step.status}`,
    ];
    default: return [];
  }
}

/** The authorizer's part of the log; the cache and decision lines are the local gateway's own. */
function authorizationLines(step: AuthorizationStep): string[] {
  const principal = step.principalId === undefined ? "" : `, principal: ${step.principalId}`;
  return [
    `Starting authorizer: ${step.name}`,
    ...(step.cache === "hit" ? ["Using the cached authorizer result, the function was not called"] : []),
    ...(step.endpointRequest === undefined ? [] : executionLogLines({ kind: "endpointRequest", ...step.endpointRequest })),
    ...(step.resultBody === undefined ? [] : [`Authorizer result body before parsing: ${step.resultBody}`]),
    `Authorizer decision: ${step.decision} (${step.detail}), cache: ${step.cache}${principal}`,
    ...authorizerOutcome(step),
    `Authorizer latency: ${Math.round(step.latencyMs)} ms`,
  ];
}

function authorizerOutcome(step: AuthorizationStep): string[] {
  switch (step.decision) {
    case "allow": return [`Using valid authorizer policy for principal: ${step.principalId ?? ""}`, "Successfully completed authorizer execution"];
    case "unauthorized": return ["Unauthorized request"];
    case "error": return ["Execution failed due to configuration error: Authorizer error"];
    default: return ["The client is not authorized to perform this operation."];
  }
}

function lastValue(values: string | readonly string[]): string {
  return typeof values === "string" ? values : values.at(-1) ?? "";
}

/** Java's `Map.toString()`, which AWS's log uses: `{a=1, b=2}`; several values are joined with commas. */
function javaMap(map: Values): string {
  const entries = Object.entries(map).map(([name, value]) => `${name}=${typeof value === "string" ? value : value.join(",")}`);
  return `{${entries.join(", ")}}`;
}

/** Java's `Date.toString()` in UTC, as AWS's log stamps its lines: `Tue Jun 11 03:30:06 UTC 2024`. */
function javaDate(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())}`;
  return `${DAYS[time.getUTCDay()]} ${MONTHS[time.getUTCMonth()]} ${pad(time.getUTCDate())} ${clock} UTC ${time.getUTCFullYear()}`;
}
