/**
 * Why the gateway took the request template, integration response and response template it took for
 * one request. Each choice is made again by the pipeline's own selection functions from the request's
 * recorded inputs, so the request itself pays nothing for its explanation.
 */
import type { IntegrationResponseChoice, TemplateChoice } from "./execution-step-types.ts";
import type { DeclaredIntegration, DeclaredIntegrationResponse } from "./declared-api.ts";
import { requestMediaType, selectRequestTransform } from "./request-mapping.ts";
import { responseTemplateKey, selectIntegrationResponse } from "./response-mapping.ts";

export function chooseRequestTemplate(integration: DeclaredIntegration, contentType: string | undefined): TemplateChoice {
  const mediaType = requestMediaType(contentType);
  const subject = contentType === undefined ? `${mediaType} (no Content-Type)` : `the Content-Type's media type ${mediaType}`;
  const behavior = `passthroughBehavior ${integration.passthroughBehavior}`;
  let transform: ReturnType<typeof selectRequestTransform>;
  try {
    transform = selectRequestTransform(integration, contentType);
  } catch {
    return { reason: `${subject} has no template and ${behavior} refuses it` };
  }
  if ("template" in transform) return { contentType: mediaType, template: transform.template.source, reason: `${subject} has a template` };
  const missing = integration.requestTemplates.size === 0 ? "no request template is declared" : `${subject} has no template`;
  return { reason: `${missing} and ${behavior} passes the body through` };
}

export function chooseIntegrationResponse(
  integration: DeclaredIntegration,
  selectionValue: string,
): { readonly choice: IntegrationResponseChoice; readonly response?: DeclaredIntegrationResponse } {
  const selectionValueName = integration.type === "HTTP" ? "status code" : "errorMessage";
  const value = `${selectionValueName} ${JSON.stringify(selectionValue)}`;
  let response: DeclaredIntegrationResponse;
  try {
    response = selectIntegrationResponse(integration, selectionValue);
  } catch {
    return { choice: { selectionValueName, selectionValue, reason: `${value} matches no selection pattern and there is no default response` } };
  }
  const pattern = response.selectionPattern && declaredPattern(response.selectionPattern);
  const reason = pattern === undefined
    ? `the default response: ${value} matches no selection pattern`
    : `selection pattern ${pattern} matches ${value}`;
  return { choice: { statusCode: response.statusCode, selectionPattern: pattern, selectionValueName, selectionValue, reason }, response };
}

export function chooseResponseTemplate(response: DeclaredIntegrationResponse, accept: string | undefined): TemplateChoice {
  const templates = response.responseTemplates;
  const key = responseTemplateKey(templates, accept);
  if (key === undefined) return { reason: "the integration response declares no template, so the body passes through" };
  const source = templates.get(key)?.source ?? "";
  const wanted = accept?.split(",")[0].split(";")[0].trim().toLowerCase();
  const why = wanted === key
    ? `Accept's first media type ${key} has a template`
    : `${accept === undefined ? "no Accept" : `no template for Accept's ${wanted}`}, so ${key === "application/json" ? "application/json" : `the first declared, ${key}`}`;
  if (source.trim() === "") return { reason: `${why}; it is empty, so the body passes through` };
  return { contentType: key, template: source, reason: why };
}

/** A selection pattern as declared: the model wraps it as `^(?:…)$` for a full match. */
export function declaredPattern(pattern: RegExp): string {
  return pattern.source.slice("^(?:".length, -")$".length);
}
