/**
 * The integration response side: select the integration response by full-match pattern on the
 * selection value, check its method response exists, render its template chosen by Accept, and apply
 * response parameters and `$context.responseOverride`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html
 */
import { validateHeaderName, validateHeaderValue } from "node:http";
import { GATEWAY_ERRORS, GatewayFailure } from "./errors.ts";
import { literalOrStageVariable, valueAtPath } from "./mapping-sources.ts";
import { isSendable } from "./sendable-header.ts";
import type { DeclaredIntegration, DeclaredIntegrationResponse, DeclaredMethod } from "./declared-api.ts";
import type { IntegrationResult } from "./types.ts";
import type { CompiledTemplate } from "./vtl/compile.ts";
import { TemplateInput } from "./vtl/input.ts";
import type { MethodRequestData, TemplateContext } from "./vtl/types.ts";
import { templateUtil } from "./vtl/util.ts";

/** Method response headers API Gateway renames to `x-amzn-Remapped-<name>` when a mapping sets them. */
const REMAPPED_HEADERS = new Set([
  "authorization", "connection", "content-length", "content-md5", "date", "expect", "host", "max-forwards",
  "proxy-authenticate", "server", "trailer", "upgrade", "user-agent", "www-authenticate",
]);

/** The method response the client gets, before API Gateway's own headers. */
export interface MappedResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Picks the first response whose pattern matches the whole selection value, else the default one.
 * @throws GatewayFailure 500 when nothing matches and there is no default.
 */
export function selectIntegrationResponse(integration: DeclaredIntegration, selectionValue: string): DeclaredIntegrationResponse {
  let fallback: DeclaredIntegrationResponse | undefined;
  for (const response of integration.responses) {
    if (response.selectionPattern === undefined) fallback ??= response;
    else if (response.selectionPattern.test(selectionValue)) return response;
  }
  if (fallback) return fallback;
  throw new GatewayFailure(
    GATEWAY_ERRORS.internalServerError,
    "Execution failed due to configuration error: No match for output mapping and no default output mapping configured",
  );
}

/**
 * Builds the method response from the integration result.
 * @param accept the client's Accept header, whose first media type chooses the response template.
 * @param context builds `$context` when a response template needs one.
 */
export function mapResponse(
  method: DeclaredMethod,
  integration: DeclaredIntegration,
  result: IntegrationResult,
  accept: string | undefined,
  context: () => TemplateContext,
  stageVariables: Readonly<Record<string, string>>,
  methodRequest: MethodRequestData,
): MappedResponse {
  const response = selectIntegrationResponse(integration, result.selectionValue);
  if (!method.methodResponses.has(response.statusCode)) {
    throw new GatewayFailure(
      GATEWAY_ERRORS.internalServerError,
      `Execution failed due to configuration error: no method response for status ${response.statusCode}`,
    );
  }
  let status = Number(response.statusCode);
  let body = result.body;
  const headers: Record<string, string> = {};
  // Static values were checked once; what a backend, the context or a template gives is checked below.
  let unchecked = false;
  for (const mapping of headerMappings(response)) {
    if (mapping.literal !== undefined) {
      if (!mapping.sendable) checkSendable({ [mapping.header]: mapping.literal });
      headers[mapping.header] = mapping.literal;
      continue;
    }
    const value = responseParameterValue(mapping.source, result, stageVariables, context);
    if (value !== undefined) {
      headers[mapping.header] = value;
      unchecked = true;
    }
  }
  const template = selectResponseTemplate(response.responseTemplates, accept);
  if (template) {
    // $input.body and $input.json read the integration response; $input.params() still reads the method request.
    const input = new TemplateInput({ ...methodRequest, body: result.body });
    const rendered = template.render({ input, context: context(), stageVariables, util: templateUtil });
    body = rendered.text;
    status = rendered.responseOverride.status ?? status;
    // Overrides are final: they win over the response parameters.
    Object.assign(headers, rendered.responseOverride.header);
    unchecked ||= Object.keys(rendered.responseOverride.header).length > 0;
  }
  if (unchecked) checkSendable(headers);
  return { status, headers, body };
}

/** One `method.response.header.*` mapping, its header already named as sent and a `'static'` value resolved. */
interface HeaderMapping {
  /** The header as sent: reserved names become `x-amzn-Remapped-<name>`. */
  readonly header: string;
  readonly source: string;
  readonly literal?: string;
  /** Whether HTTP can carry the literal. */
  readonly sendable: boolean;
}

/** Each integration response's mappings, worked out on first use: a response is mapped many times. */
const compiledMappings = new WeakMap<DeclaredIntegrationResponse, readonly HeaderMapping[]>();

function headerMappings(response: DeclaredIntegrationResponse): readonly HeaderMapping[] {
  let mappings = compiledMappings.get(response);
  if (mappings === undefined) {
    mappings = response.responseParameters.flatMap(([target, source]) => {
      const name = /^method\.response\.header\.(.+)$/.exec(target)?.[1];
      if (name === undefined) return [];
      const header = REMAPPED_HEADERS.has(name.toLowerCase()) ? `x-amzn-Remapped-${name}` : name;
      const literal = source.length >= 2 && source.startsWith("'") && source.endsWith("'") ? source.slice(1, -1) : undefined;
      return [{ header, source, literal, sendable: literal === undefined || isSendable(header, literal) }];
    });
    compiledMappings.set(response, mappings);
  }
  return mappings;
}

/**
 * Mapped headers come from templates and backends; one HTTP cannot carry (a line break, say) fails the
 * request here, before anything is written, rather than in node when the answer is sent.
 * @throws GatewayFailure 500
 */
function checkSendable(headers: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, headers[name]);
    } catch (err) {
      throw new GatewayFailure(GATEWAY_ERRORS.internalServerError, `answer not sendable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * The content type whose response template applies: the first Accept media type, else
 * application/json, else the first declared; none when no template is declared.
 */
export function responseTemplateKey(templates: ReadonlyMap<string, CompiledTemplate>, accept: string | undefined): string | undefined {
  if (templates.size === 0) return undefined;
  const wanted = accept?.split(",")[0].split(";")[0].trim().toLowerCase();
  if (wanted && templates.has(wanted)) return wanted;
  return templates.has("application/json") ? "application/json" : templates.keys().next().value;
}

/** The template {@link responseTemplateKey} names; an empty template means passthrough, as does having none. */
function selectResponseTemplate(templates: ReadonlyMap<string, CompiledTemplate>, accept: string | undefined): CompiledTemplate | undefined {
  const key = responseTemplateKey(templates, accept);
  const template = key === undefined ? undefined : templates.get(key);
  return template && template.source.trim() !== "" ? template : undefined;
}

function responseParameterValue(
  source: string, result: IntegrationResult, stageVariables: Readonly<Record<string, string>>, context: () => TemplateContext,
): string | undefined {
  const shared = literalOrStageVariable(source, stageVariables);
  if (shared !== undefined) return shared;
  const [, kind, header] = /^integration\.response\.(header|multivalueheader)\.(.+)$/.exec(source) ?? [];
  if (header !== undefined) {
    const wanted = header.toLowerCase();
    const value = Object.entries(result.headers).find(([k]) => k.toLowerCase() === wanted)?.[1];
    // A header the backend sent several times: all of them, comma-separated, or the last (as for request headers).
    if (typeof value !== "object") return value;
    return kind === "multivalueheader" ? value.join(",") : value.at(-1);
  }
  if (source.startsWith("context.")) {
    const value = valueAtPath(context(), source.slice("context.".length));
    return value === null || value === undefined || typeof value === "object" ? undefined : String(value);
  }
  if (source === "integration.response.body") return result.body;
  if (source.startsWith("integration.response.body.")) {
    const value = valueAtPath(safeJson(result.body), source.slice("integration.response.body.".length));
    return value === undefined || value === null ? undefined : typeof value === "string" ? value : JSON.stringify(value);
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
