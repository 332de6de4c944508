/**
 * The method request side of API Gateway REST: reading the request line and headers, choosing the
 * request template by Content-Type under the integration's passthroughBehavior, and mapping
 * `requestParameters` onto the integration request.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 */
import { GATEWAY_ERRORS, GatewayFailure } from "./errors.ts";
import { literalOrStageVariable, valueAtPath } from "./mapping-sources.ts";
import type { DeclaredIntegration } from "./declared-api.ts";
import type { IntegrationParameters } from "./types.ts";
import type { CompiledTemplate } from "./vtl/compile.ts";
import type { MethodRequestData, RequestOverride } from "./vtl/types.ts";

/** Headers API Gateway drops before mapping: a template never sees them. */
const DROPPED_HEADERS = new Set([
  "connection", "content-length", "content-md5", "expect", "max-forwards", "proxy-authenticate", "server", "te",
  "transfer-encoding", "trailer", "upgrade", "www-authenticate",
]);

/** The request line, split: path segments (decoded, stage first) and query values in order. */
export interface RequestTarget {
  readonly segments: string[];
  /** The segments before percent-decoding. */
  readonly rawSegments: string[];
  readonly query: Record<string, string[]>;
  /** The query string as sent, without `?`. */
  readonly rawQuery: string;
}

/**
 * @throws GatewayFailure 400 when the path is not valid percent-encoding.
 */
export function parseTarget(url: string): RequestTarget {
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  let rawSegments = rawPath.split("/").slice(1);
  if (rawPath.includes(".") || /%2e/i.test(rawPath)) rawSegments = removeDotSegments(rawSegments);
  let segments = rawSegments;
  try {
    if (rawPath.includes("%")) segments = rawSegments.map(decodeURIComponent);
  } catch {
    throw new GatewayFailure(GATEWAY_ERRORS.badRequest, `malformed percent-encoding in path ${rawPath}`);
  }
  const rawQuery = q === -1 ? "" : url.slice(q + 1);
  return { segments, rawSegments, query: rawQuery === "" ? {} : parseQuery(rawQuery), rawQuery };
}

/**
 * Resolves `.` and `..` segments (also percent-encoded) as URL parsers do, before routing, so a greedy
 * path parameter never holds a segment that climbs out of the backend's base path.
 */
function removeDotSegments(segments: string[]): string[] {
  const out: string[] = [];
  for (const segment of segments) {
    const dots = segment.toLowerCase().replace(/%2e/g, ".");
    if (dots === "..") out.pop();
    else if (dots !== ".") out.push(segment);
  }
  return out;
}

/** Query values by name in arrival order, form-decoded (`+` is a space); a malformed escape stays as sent. */
function parseQuery(search: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const pair of search.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decodeComponent(pair.slice(eq + 1));
    (query[name] ??= []).push(value);
  }
  return query;
}

function decodeComponent(text: string): string {
  if (!text.includes("%") && !text.includes("+")) return text;
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Client headers by the name the client used, less those API Gateway drops. */
export function readHeaders(rawHeaders: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (DROPPED_HEADERS.has(name.toLowerCase())) continue;
    (headers[name] ??= []).push(rawHeaders[i + 1]);
  }
  return headers;
}

/** Each name's last value: how a single-valued map (proxy events' `headers`, query strings) shows repeated ones. */
export function lastValues(map: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  const single: Record<string, string> = {};
  for (const [name, values] of Object.entries(map)) single[name] = values[values.length - 1] ?? "";
  return single;
}

/** The last value of a header, found case-insensitively (for API Gateway's own use of it). */
export function headerValue(headers: Readonly<Record<string, readonly string[]>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key in headers) {
    // Lower-casing only names of the right length: this runs several times per request.
    if (key.length === wanted.length && key.toLowerCase() === wanted) return headers[key].at(-1);
  }
  return undefined;
}

/** Outcome of template selection: render a template, or pass the body through unchanged. */
export type RequestTransform = { template: CompiledTemplate } | { passthrough: true };

/**
 * Chooses the request template by the Content-Type's media type (application/json when absent).
 * @throws GatewayFailure 415 when passthroughBehavior forbids passing this content type through.
 */
export function selectRequestTransform(integration: DeclaredIntegration, contentType: string | undefined): RequestTransform {
  const mediaType = requestMediaType(contentType);
  const template = integration.requestTemplates.get(mediaType);
  if (template) return { template };
  const behavior = integration.passthroughBehavior;
  const noTemplates = integration.requestTemplates.size === 0;
  if (behavior === "WHEN_NO_MATCH" || (behavior === "WHEN_NO_TEMPLATES" && noTemplates)) return { passthrough: true };
  throw new GatewayFailure(
    GATEWAY_ERRORS.unsupportedMediaType,
    `no request template for ${mediaType} and passthroughBehavior is ${behavior}`,
  );
}

/** The media type a request template is chosen by: the Content-Type's, lowercased; application/json when absent. */
export function requestMediaType(contentType: string | undefined): string {
  return (contentType?.split(";")[0].trim() || "application/json").toLowerCase();
}

/** Where `requestParameters` sources are read from. */
export interface ParameterSources {
  readonly request: MethodRequestData;
  readonly context: Readonly<Record<string, unknown>>;
  readonly stageVariables: Readonly<Record<string, string>>;
}

/**
 * Applies `integration.request.{path|querystring|header}.NAME` mappings, then the template's
 * `$context.requestOverride.*` values, which are final. A source with no value sets nothing.
 */
export function mapRequestParameters(
  mappings: DeclaredIntegration["requestParameters"],
  sources: ParameterSources,
  override?: RequestOverride,
): IntegrationParameters {
  const mapped = { path: {} as Record<string, string>, querystring: {} as Record<string, string>, header: {} as Record<string, string> };
  for (const [target, source] of mappings) {
    const match = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
    const value = match ? sourceValue(source, sources) : undefined;
    if (match && value !== undefined && value !== "") mapped[match[1] as keyof typeof mapped][match[2]] = value;
  }
  if (override) {
    Object.assign(mapped.path, override.path);
    Object.assign(mapped.querystring, override.querystring);
    Object.assign(mapped.header, override.header);
  }
  return mapped;
}

function sourceValue(source: string, { request, context, stageVariables }: ParameterSources): string | undefined {
  const shared = literalOrStageVariable(source, stageVariables);
  if (shared !== undefined) return shared;
  const [, kind, name] = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(source) ?? [];
  switch (kind) {
    case "path": return request.pathParameters[name];
    case "querystring": return request.query[name]?.at(-1);
    case "multivaluequerystring": return request.query[name]?.join(",");
    case "header": return request.headers[name]?.at(-1);
    case "multivalueheader": return request.headers[name]?.join(",");
  }
  if (source === "method.request.body") return request.body;
  if (source.startsWith("context.")) {
    const value = valueAtPath(context, source.slice("context.".length));
    return value === null || value === undefined ? undefined : String(value);
  }
  return undefined;
}
