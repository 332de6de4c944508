/**
 * The API Gateway console's Test (TestInvokeMethod) for the local gateway, as text: which request a
 * test path stands for, and the report of one invocation. The report starts with what the console
 * shows above its log (request, status, latency, response body and headers), then the execution log in
 * the wording of AWS's, one `<time> : <title>: <value>` line per step, so that the two can be diffed
 * once times and ids are masked.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-test-method.html
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
 */
import type { AuthorizerRecord, ExecutionRecord } from "./types.ts";

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

/**
 * Gateway response types by `x-amzn-ErrorType`; others are DEFAULT_4XX or DEFAULT_5XX by status.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
const GATEWAY_RESPONSE_TYPES: Readonly<Record<string, string>> = {
  MissingAuthenticationTokenException: "MISSING_AUTHENTICATION_TOKEN",
  UnsupportedMediaTypeException: "UNSUPPORTED_MEDIA_TYPE",
  RequestTooLargeException: "REQUEST_TOO_LARGE",
  IntegrationTimeoutException: "INTEGRATION_TIMEOUT",
  UnauthorizedException: "UNAUTHORIZED",
  AccessDeniedException: "ACCESS_DENIED",
  AuthorizerConfigurationException: "AUTHORIZER_CONFIGURATION_ERROR",
};

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
  return `${[...summaryLines(invocation), "Log:", ...logLines(invocation)].join("\n")}\n`;
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

function logLines(invocation: TestInvocation): string[] {
  const { record } = invocation;
  const stamp = `${javaDate(invocation.startedAt)} : `;
  const steps = [
    `Starting execution for request: ${record.requestId}`,
    `HTTP Method: ${record.method}, Resource Path: ${invocation.pathWithQueryString.split("?")[0]}`,
    ...methodRequestSteps(record),
    ...authorizerSteps(record),
    ...endpointRequestSteps(record),
    ...endpointResponseSteps(record),
    ...(record.failure === undefined ? methodResponseSteps(record) : failureSteps(record, record.failure)),
    `Method completed with status: ${record.response.status}`,
  ];
  return [`Execution log for request ${record.requestId}`, ...steps.map((step) => stamp + step)];
}

function methodRequestSteps({ methodRequest }: ExecutionRecord): string[] {
  if (methodRequest === undefined) return [];
  const query = Object.fromEntries(Object.entries(methodRequest.query).map(([name, values]) => [name, values.at(-1) ?? ""]));
  return [
    `Method request path: ${javaMap(methodRequest.pathParameters)}`,
    `Method request query string: ${javaMap(query)}`,
    `Method request headers: ${javaMap(methodRequest.headers)}`,
    `Method request body before transformations: ${methodRequest.body}`,
  ];
}

/** The authorizer's part of the log; the cache and decision lines are the local gateway's own. */
function authorizerSteps({ authorizer, requestId }: ExecutionRecord): string[] {
  if (authorizer === undefined) return [];
  const principal = authorizer.principalId === undefined ? "" : `, principal: ${authorizer.principalId}`;
  return [
    `Starting authorizer: ${authorizer.name} for request: ${requestId}`,
    ...(authorizer.cache === "hit" ? ["Using the cached authorizer result, the function was not called"] : []),
    ...endpointRequestSteps(authorizer),
    ...(authorizer.resultBody === undefined ? [] : [`Authorizer result body before parsing: ${authorizer.resultBody}`]),
    `Authorizer decision: ${authorizer.decision} (${authorizer.detail}), cache: ${authorizer.cache}${principal}`,
    ...authorizerOutcome(authorizer, requestId),
    `Authorizer latency: ${Math.round(authorizer.latencyMs)} ms`,
  ];
}

function authorizerOutcome(authorizer: AuthorizerRecord, requestId: string): string[] {
  switch (authorizer.decision) {
    case "allow": return [`Using valid authorizer policy for principal: ${authorizer.principalId ?? ""}`, "Successfully completed authorizer execution"];
    case "unauthorized": return [`Unauthorized request: ${requestId}`];
    case "error": return ["Execution failed due to configuration error: Authorizer error"];
    default: return ["The client is not authorized to perform this operation."];
  }
}

function endpointRequestSteps({ endpointRequest }: Pick<ExecutionRecord, "endpointRequest">): string[] {
  if (endpointRequest === undefined) return [];
  return [
    `Endpoint request URI: ${endpointRequest.url}`,
    `Endpoint request headers: ${javaMap(endpointRequest.headers)}`,
    `Endpoint request body after transformations: ${endpointRequest.body}`,
    `Sending request to ${endpointRequest.url}`,
  ];
}

function endpointResponseSteps({ integrationResult, integrationLatencyMs }: ExecutionRecord): string[] {
  if (integrationResult === undefined) return [];
  const latency = integrationLatencyMs === undefined ? "" : `, Integration latency: ${Math.round(integrationLatencyMs)} ms`;
  return [
    `Received response. Status: ${integrationResult.status}${latency}`,
    `Endpoint response headers: ${javaMap(integrationResult.headers)}`,
    `Endpoint response body before transformations: ${integrationResult.body}`,
  ];
}

function methodResponseSteps({ response }: ExecutionRecord): string[] {
  return [
    `Method response body after transformations: ${response.body}`,
    `Method response headers: ${javaMap(response.headers)}`,
    "Successfully completed execution",
  ];
}

function failureSteps({ response }: ExecutionRecord, failure: string): string[] {
  const errorType = Object.entries(response.headers).find(([name]) => name.toLowerCase() === "x-amzn-errortype")?.[1] ?? "";
  const responseType = GATEWAY_RESPONSE_TYPES[errorType] ?? (response.status < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX");
  return [
    failure.startsWith("Execution failed") ? failure : `Execution failed: ${failure}`,
    `Gateway response type: ${responseType} with status code: ${response.status}`,
  ];
}

/** Java's `Map.toString()`, which AWS's log uses: `{a=1, b=2}`; several values are joined with commas. */
function javaMap(map: Readonly<Record<string, string | readonly string[]>>): string {
  const entries = Object.entries(map).map(([name, value]) => `${name}=${typeof value === "string" ? value : value.join(",")}`);
  return `{${entries.join(", ")}}`;
}

/** Java's `Date.toString()` in UTC, as AWS's log stamps its lines: `Tue Jun 11 03:30:06 UTC 2024`. */
function javaDate(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())}`;
  return `${DAYS[time.getUTCDay()]} ${MONTHS[time.getUTCMonth()]} ${pad(time.getUTCDate())} ${clock} UTC ${time.getUTCFullYear()}`;
}
