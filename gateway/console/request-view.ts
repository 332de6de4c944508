/**
 * A kept request as the console's page shows it: its summary, the request as sent (also as curl and
 * as the playground's JSON), and its execution steps, every text past 256 KB cut, with a link to it all.
 */
import type { ExecutionStep } from "../execution-step-types.ts";
import { executionSteps } from "../execution-steps.ts";
import type { DeclaredApi } from "../declared-api.ts";
import { headerValue } from "../request-mapping.ts";
import type { ExecutionRecord, ResponseHeaders } from "../types.ts";
import { curlCommand } from "./curl.ts";
import { MAX_SHOWN_BYTES, type RequestDetail, type RequestSummary, type StepView, type TextView } from "./protocol.ts";

/** The name curl reads a cut request body from. */
const BODY_FILE = "request-body";

export function requestSummary(record: ExecutionRecord): RequestSummary {
  return {
    requestId: record.requestId,
    time: record.requestTime.toISOString(),
    method: record.method,
    url: record.request.url,
    resourcePath: record.resourcePath,
    status: record.response.status,
    latencyMs: record.latencyMs,
    failure: record.failure,
  };
}

/**
 * @param apiUrl where the API is served, for curl.
 * @param model the API now served, for the `$context` values a record does not hold.
 */
export function requestDetail(record: ExecutionRecord, functionLogs: readonly string[], apiUrl: string, model: DeclaredApi): RequestDetail {
  const base = `/api/requests/${encodeURIComponent(record.requestId)}/text`;
  const body = textView(record.request.body.toString("utf8"), `${base}/request`);
  const { rawHeaders } = record.request;
  return {
    summary: requestSummary(record),
    integrationLatencyMs: record.integrationLatencyMs,
    request: {
      sourceIp: record.request.sourceIp,
      headers: Array.from({ length: rawHeaders.length >> 1 }, (_, i) => [rawHeaders[2 * i], rawHeaders[2 * i + 1]] as const),
      body,
    },
    curl: curlCommand({
      method: record.method, url: `${apiUrl}${record.request.url}`, rawHeaders,
      body: body.cut ? { file: BODY_FILE } : { text: body.text },
    }),
    renderRequest: renderRequestOf(record, model),
    steps: executionSteps(record, functionLogs).map((step, index) => stepView(step, `${base}/${index}`)),
  };
}

/** A text of a request in full: `request` for its body, `<step>.<field>` for a step's; undefined when there is none. */
export function fullText(record: ExecutionRecord, functionLogs: readonly string[], name: string): string | undefined {
  if (name === "request") return record.request.body.toString("utf8");
  const [index, field] = name.split(".");
  const step = executionSteps(record, functionLogs)[Number(index)];
  const value = step === undefined ? undefined : (step as unknown as Record<string, unknown>)[field];
  if (typeof value === "string") return value;
  return Array.isArray(value) ? value.join("\n") : undefined;
}

function stepView(step: ExecutionStep, base: string): StepView {
  switch (step.kind) {
    case "requestMapping":
    case "responseMapping":
      return { ...step, output: step.output === undefined ? undefined : textView(step.output, `${base}.output`) };
    case "functionLogs":
      return { ...step, lines: textView(step.lines.join("\n"), `${base}.lines`) };
    case "integrationResponse":
    case "authorization":
      return step;
    default:
      return { ...step, body: textView(step.body, `${base}.body`) };
  }
}

/** @param download where the whole text can be had, if it is kept. */
export function textView(text: string, download?: string): TextView {
  // A UTF-8 character is at most 3 bytes per UTF-16 unit: most texts need no counting.
  if (text.length * 3 <= MAX_SHOWN_BYTES) return { text };
  const bytes = Buffer.byteLength(text);
  if (bytes <= MAX_SHOWN_BYTES) return { text };
  // A character cut in two decodes as U+FFFD: drop it.
  const shown = Buffer.from(text).subarray(0, MAX_SHOWN_BYTES).toString("utf8").replace(/\uFFFD$/, "");
  return { text: shown, cut: { bytes, download } };
}

/** The playground's JSON for this request, with the `$context` values the gateway gave it. */
function renderRequestOf(record: ExecutionRecord, model: DeclaredApi): unknown {
  const methodRequest = record.methodRequest;
  // The client's headers: the render makes the method request's from them as the gateway did.
  const headers = clientHeaders(record.request.rawHeaders);
  return {
    method: record.method,
    path: record.path,
    resourcePath: record.resourcePath,
    pathParameters: methodRequest?.pathParameters ?? {},
    query: methodRequest?.query ?? {},
    headers,
    body: methodRequest?.body ?? record.request.body.toString("utf8"),
    stageVariables: model.stageVariables,
    context: {
      stage: model.stageName,
      requestId: record.requestId,
      extendedRequestId: headerValue(toValues(record.response.headers), "x-amz-apigw-id"),
      requestTimeEpoch: record.requestTime.getTime(),
      apiId: model.apiId,
      accountId: model.accountId,
      domainName: (headerValue(headers, "Host") ?? "127.0.0.1").split(":")[0],
      resourceId: record.route?.resourceId,
      identity: { sourceIp: record.request.sourceIp },
    },
  };
}

function clientHeaders(rawHeaders: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) (headers[rawHeaders[i]] ??= []).push(rawHeaders[i + 1]);
  return headers;
}

function toValues(headers: ResponseHeaders): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, typeof value === "string" ? [value] : value]));
}
