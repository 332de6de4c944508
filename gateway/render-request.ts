/**
 * The request a mapping template is rendered against by `npm run render` and the console's playground:
 * a JSON object describing a method request, every field optional:
 * `{ "method", "path", "resourcePath", "pathParameters": {}, "query": {"name": ["v"]},
 *    "headers": {"Name": ["v"]}, "body": "raw string", "stageVariables": {}, "context": {…} }`.
 * `context` overrides `$context` values by their template names (`requestId`, `identity`, `authorizer`…).
 */
import { randomUUID } from "node:crypto";
import { methodRequestOf as gatewayMethodRequestOf, traceIdOf } from "./method-request.ts";
import { buildTemplateContext, type RequestFacts } from "./vtl/context.ts";
import { TemplateInput } from "./vtl/input.ts";
import type { MethodRequestData, TemplateContext, TemplateVariables } from "./vtl/types.ts";
import { templateUtil } from "./vtl/util.ts";

/** `$context` names consumed while building the context; any other key is copied verbatim. */
const FACT_KEYS = new Set(["requestId", "extendedRequestId", "apiId", "accountId", "domainName", "protocol", "resourceId", "stage", "requestTimeEpoch", "authorizer", "identity"]);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type RenderRequest = { [key: string]: Json };

/** A request that does not say what it must; the message names the field. */
export class RenderRequestError extends Error {}

/** @param what names the request's source in messages, e.g. `--request "req.json"`. */
export function parseRenderRequest(text: string, what: string): RenderRequest {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (error) {
    throw new RenderRequestError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new RenderRequestError(`${what} must hold a JSON object`);
  return parsed;
}

/**
 * The variables a template renders with for this request. The method request is made from the
 * request's headers the way the gateway makes it from a client's: the headers API Gateway drops are
 * gone, the forwarding and trace headers it adds are there.
 */
export function renderVariables(request: RenderRequest): TemplateVariables {
  const context = contextOf(request);
  const client = clientRequestOf(request);
  const hostPort = /:(\d+)$/.exec(headerValue(request, "host") ?? "")?.[1];
  const gatewayRequest = {
    ...client,
    body: Buffer.from(client.body),
    sourceIp: String((context.identity as Record<string, unknown>).sourceIp),
    // The port the client connected to: the Host's, or HTTPS's as on the deployed API.
    localPort: hostPort === undefined ? 443 : Number(hostPort),
    scheme: hostPort === undefined ? "https" as const : "http" as const,
  };
  const { pathParameters, query } = methodRequestOf(request);
  const traceId = traceIdOf(String(context.requestId), new Date(Number(context.requestTimeEpoch)));
  return {
    input: new TemplateInput(gatewayMethodRequestOf(gatewayRequest, pathParameters, query, traceId)),
    context,
    stageVariables: stringRecord(request.stageVariables, "stageVariables"),
    util: templateUtil,
  };
}

/** The request as a client would send it to the gateway: method, path with query, headers in order, body. */
export function clientRequestOf(request: RenderRequest): { method: string; url: string; rawHeaders: string[]; body: string } {
  const { query, headers, body } = methodRequestOf(request);
  const search = new URLSearchParams(Object.entries(query).flatMap(([name, values]) => values.map((value): [string, string] => [name, value]))).toString();
  return {
    method: (optionalString(request.method, "method") ?? "POST").toUpperCase(),
    url: search === "" ? requestPath(request).path : `${requestPath(request).path}?${search}`,
    rawHeaders: Object.entries(headers).flatMap(([name, values]) => values.flatMap((value) => [name, value])),
    body,
  };
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: Json | undefined, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new RenderRequestError(`request field "${field}" must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function stringRecord(value: Json | undefined, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new RenderRequestError(`request field "${field}" must be an object of strings`);
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) result[key] = optionalString(item, `${field}.${key}`) ?? "";
  return result;
}

function multiValueRecord(value: Json | undefined, field: string): Record<string, string[]> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new RenderRequestError(`request field "${field}" must be an object of string arrays`);
  const result: Record<string, string[]> = {};
  for (const [key, item] of Object.entries(value)) {
    const items = Array.isArray(item) ? item : [item];
    result[key] = items.map((entry, index) => optionalString(entry, `${field}.${key}[${index}]`) ?? "");
  }
  return result;
}

function requestPath(request: Record<string, Json>): { path: string; queryString: string } {
  const full = optionalString(request.path, "path") ?? `/${stageOf(request)}/`;
  const mark = full.indexOf("?");
  return mark < 0 ? { path: full, queryString: "" } : { path: full.slice(0, mark), queryString: full.slice(mark + 1) };
}

function stageOf(request: Record<string, Json>): string {
  const context = isObject(request.context) ? request.context : {};
  return optionalString(context.stage, "context.stage") ?? "dev";
}

function methodRequestOf(request: Record<string, Json>): MethodRequestData {
  const query = multiValueRecord(request.query, "query");
  for (const [name, value] of new URLSearchParams(requestPath(request).queryString)) (query[name] ??= []).push(value);
  const body = request.body;
  return {
    body: typeof body === "string" ? body : body === undefined || body === null ? "" : JSON.stringify(body),
    pathParameters: stringRecord(request.pathParameters, "pathParameters"),
    query,
    headers: multiValueRecord(request.headers, "headers"),
  };
}

function headerValue(request: Record<string, Json>, name: string): string | undefined {
  const headers = multiValueRecord(request.headers, "headers");
  const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
  return key === undefined ? undefined : headers[key].at(-1);
}

/** `/dev/a/b` → `/a/b`: the resource path is the request path without its stage prefix. */
function withoutStage(path: string, stage: string): string {
  if (path === `/${stage}`) return "/";
  return path.startsWith(`/${stage}/`) ? path.slice(stage.length + 1) : path;
}

function contextOf(request: Record<string, Json>): TemplateContext {
  const overrides = request.context ?? {};
  if (!isObject(overrides)) throw new RenderRequestError(`request field "context" must be an object`);
  const stage = stageOf(request);
  const { path } = requestPath(request);
  const apiId = optionalString(overrides.apiId, "context.apiId") ?? "abcdef1234";
  const identity = stringRecord(overrides.identity, "context.identity");
  const facts: RequestFacts = {
    requestId: optionalString(overrides.requestId, "context.requestId") ?? randomUUID(),
    extendedRequestId: optionalString(overrides.extendedRequestId, "context.extendedRequestId") ?? "LocalRenderId0=",
    httpMethod: (optionalString(request.method, "method") ?? "POST").toUpperCase(),
    resourcePath: optionalString(request.resourcePath, "resourcePath") ?? withoutStage(path, stage),
    path,
    stage,
    sourceIp: identity.sourceIp ?? "127.0.0.1",
    userAgent: identity.userAgent ?? headerValue(request, "user-agent"),
    requestTime: new Date(typeof overrides.requestTimeEpoch === "number" ? overrides.requestTimeEpoch : Date.now()),
    apiId,
    accountId: optionalString(overrides.accountId, "context.accountId") ?? "123456789012",
    domainName: optionalString(overrides.domainName, "context.domainName") ?? headerValue(request, "host") ?? `${apiId}.execute-api.us-east-1.amazonaws.com`,
    protocol: optionalString(overrides.protocol, "context.protocol"),
    resourceId: optionalString(overrides.resourceId, "context.resourceId") ?? "abc123",
    authorizer: isObject(overrides.authorizer) ? overrides.authorizer : undefined,
    identity,
  };
  const context = buildTemplateContext(facts);
  for (const [key, value] of Object.entries(overrides)) if (!FACT_KEYS.has(key)) context[key] = value;
  return context;
}

