/**
 * Lambda proxy integration (AWS_PROXY): no templates and no integration responses. The function gets
 * the request as the v1 proxy event and its result is the method response, if it keeps to the proxy
 * contract; anything else, or a function error, is a 502.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
import { GATEWAY_ERRORS, GatewayFailure, withMessage } from "../errors.ts";
import type { DeclaredFunction } from "../declared-api.ts";
import { proxyRequestContext } from "../proxy-request-context.ts";
import { lastValues } from "../request-mapping.ts";
import { isSendable } from "../sendable-header.ts";
import { proxyRequestOf, type Backend, type IntegrationCall, type IntegrationResult, type ProxyRequest } from "../types.ts";
import { lambdaEndpointHeaders, lambdaInvokeUrl } from "./lambda.ts";
import { byteLengthAbove, LocalFunction, MAX_PAYLOAD_BYTES, type Outcome } from "./local-function.ts";
import { PROXY_REMAPPED_HEADERS } from "./proxy-headers.ts";

/** The keys a proxy result may have; any other makes it malformed. */
const RESULT_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);

export class LambdaProxyBackend implements Backend {
  private readonly function: LocalFunction;
  private readonly endpoint: string;
  private readonly endpointHeaders: Readonly<Record<string, string>>;

  constructor(fn: DeclaredFunction, region: string, apiId: string, private readonly timeoutMs: number, private readonly integrationHttpMethod: string) {
    this.function = new LocalFunction(fn, region);
    this.endpoint = lambdaInvokeUrl(region, fn.arn);
    this.endpointHeaders = lambdaEndpointHeaders(apiId);
  }

  load(): Promise<unknown> {
    return this.function.load();
  }

  invoke(call: IntegrationCall): Promise<IntegrationResult> {
    // PutIntegration accepts another method, but every call then fails.
    if (this.integrationHttpMethod !== "POST") {
      return Promise.reject(new GatewayFailure(GATEWAY_ERRORS.integrationConfiguration, `AWS_PROXY integration called with ${this.integrationHttpMethod}; Lambda is invoked with POST`));
    }
    const event = proxyEvent(proxyRequestOf(call));
    const body = JSON.stringify(event);
    if (byteLengthAbove(body, MAX_PAYLOAD_BYTES)) {
      return Promise.reject(new GatewayFailure(withMessage(GATEWAY_ERRORS.requestTooLarge, "Request Too Long"), "Lambda proxy event above 6 MB"));
    }
    const endpointRequest = { method: "POST", url: this.endpoint, headers: this.endpointHeaders, body };
    const timedOut = () => new GatewayFailure(GATEWAY_ERRORS.integrationTimeout, `no response within ${this.timeoutMs} ms`);
    return this.function.invoke(event, call.requestId, this.timeoutMs, timedOut).then((outcome) => ({ endpointRequest, ...proxyResult(outcome) }));
  }
}

/**
 * The v1 proxy event: the path and path parameters as sent (not decoded), the query decoded, `null` for
 * absent maps and an empty body, and a `requestContext` of `$context`'s request keys.
 */
export function proxyEvent(request: ProxyRequest): Record<string, unknown> {
  const { methodRequest, context } = request;
  const query = methodRequest.query;
  const hasQuery = Object.keys(query).length > 0;
  const requestContext = proxyRequestContext(context);
  if (request.authorizer !== undefined) requestContext.authorizer = request.authorizer;
  return {
    resource: request.resourcePath,
    path: request.rawPath,
    httpMethod: context.httpMethod,
    headers: lastValues(methodRequest.headers),
    multiValueHeaders: methodRequest.headers,
    queryStringParameters: hasQuery ? lastValues(query) : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: Object.keys(request.rawPathParameters).length > 0 ? request.rawPathParameters : null,
    stageVariables: Object.keys(request.stageVariables).length > 0 ? request.stageVariables : null,
    requestContext,
    body: methodRequest.body === "" ? null : methodRequest.body,
    isBase64Encoded: false,
  };
}

/** The method response a proxy result stands for. @throws GatewayFailure 502 when it breaks the contract. */
function proxyResult(outcome: Outcome): Omit<IntegrationResult, "endpointRequest"> {
  const malformed = (why: string) => new GatewayFailure(GATEWAY_ERRORS.malformedProxyResponse, `Execution failed due to configuration error: Malformed Lambda proxy response (${why})`);
  if (outcome.errorMessage !== undefined) throw malformed(`the function failed: ${outcome.errorMessage}`);
  const result: unknown = JSON.parse(outcome.body);
  if (result === null || typeof result !== "object" || Array.isArray(result)) throw malformed("not a JSON object");
  const fields = result as Record<string, unknown>;
  const unknownKey = Object.keys(fields).find((key) => !RESULT_KEYS.has(key));
  if (unknownKey !== undefined) throw malformed(`unknown key ${unknownKey}`);
  const status = fields.statusCode === undefined ? 200 : Number(fields.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw malformed(`statusCode ${JSON.stringify(fields.statusCode)}`);
  if (fields.body !== undefined && fields.body !== null && typeof fields.body !== "string") throw malformed("body is not a string");
  const headers = mergedHeaders(fields.headers, fields.multiValueHeaders, malformed);
  return { status, headers, body: typeof fields.body === "string" ? fields.body : "", selectionValue: String(status), final: true };
}

/**
 * `multiValueHeaders` first, then `headers`, gathered per name (its first casing kept), values as text:
 * a name with several values is sent on as many lines.
 */
function mergedHeaders(single: unknown, multi: unknown, malformed: (why: string) => Error): Record<string, string | string[]> {
  const merged = new Map<string, { name: string; values: string[] }>();
  const add = (name: string, value: unknown) => {
    if (!isSendable(name, String(value))) throw malformed(`header ${JSON.stringify(name)} cannot be sent over HTTP`);
    const key = name.toLowerCase();
    const entry = merged.get(key) ?? { name, values: [] };
    entry.values.push(String(value));
    merged.set(key, entry);
  };
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== "object") throw malformed("multiValueHeaders is not an object");
    for (const [name, values] of Object.entries(multi)) {
      if (!Array.isArray(values)) throw malformed(`multiValueHeaders.${name} is not a list`);
      for (const value of values) add(name, value);
    }
  }
  if (single !== undefined && single !== null) {
    if (typeof single !== "object") throw malformed("headers is not an object");
    // A name and value given in both is sent once (the multi-value one).
    for (const [name, value] of Object.entries(single)) if (!merged.get(name.toLowerCase())?.values.includes(String(value))) add(name, value);
  }
  const headers: Record<string, string | string[]> = {};
  if (!merged.has("content-type")) headers["Content-Type"] = "application/json";
  for (const [key, { name, values }] of merged) headers[PROXY_REMAPPED_HEADERS.has(key) ? `x-amzn-Remapped-${name}` : name] = values.length === 1 ? values[0] : values;
  return headers;
}
