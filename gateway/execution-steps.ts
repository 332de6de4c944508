/**
 * The steps one request went through, in pipeline order, built from its execution record: the one
 * source of what `npm run test-invoke` prints and what the console shows. A step is present only when
 * the request got that far; a request the gateway answered on its own ends with a gateway response.
 */
import type { ExecutionStep } from "./execution-step-types.ts";
import { chooseIntegrationResponse, chooseRequestTemplate, chooseResponseTemplate } from "./mapping-choices.ts";
import { headerValue } from "./request-mapping.ts";
import type { ExecutionRecord } from "./types.ts";

/** Integration types that neither map the request nor select an integration response. */
const PROXY_TYPES = new Set(["AWS_PROXY", "HTTP_PROXY"]);
/** Gateway responses given before the request mapping runs. */
const BEFORE_MAPPING = new Set([
  "MISSING_AUTHENTICATION_TOKEN", "THROTTLED", "UNAUTHORIZED", "ACCESS_DENIED", "AUTHORIZER_CONFIGURATION_ERROR",
  "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY",
]);

/** @param functionLogs the function's log lines for this request, if they were kept. */
export function executionSteps(record: ExecutionRecord, functionLogs: readonly string[] = []): ExecutionStep[] {
  const { methodRequest, endpointRequest, integrationResult, response, authorizer } = record;
  const integration = record.route?.integration;
  const mapped = integration !== undefined && !PROXY_TYPES.has(integration.type);
  const steps: ExecutionStep[] = [];
  if (methodRequest) {
    steps.push({ kind: "methodRequest", path: methodRequest.pathParameters, query: methodRequest.query, headers: methodRequest.headers, body: methodRequest.body });
    if (authorizer) steps.push({ kind: "authorization", ...authorizer });
    if (integration && mapped && !BEFORE_MAPPING.has(record.gatewayResponseType ?? "")) {
      const choice = chooseRequestTemplate(integration, headerValue(methodRequest.headers, "Content-Type"));
      steps.push({ kind: "requestMapping", ...choice, output: record.integrationCall?.body });
    }
  }
  if (endpointRequest) steps.push({ kind: "endpointRequest", ...endpointRequest });
  if (functionLogs.length > 0) steps.push({ kind: "functionLogs", lines: functionLogs });
  if (integrationResult) {
    const { status, headers, body } = integrationResult;
    steps.push({ kind: "endpointResponse", status, headers, body, integrationLatencyMs: record.integrationLatencyMs });
    if (integration && mapped) {
      const { choice, response: selected } = chooseIntegrationResponse(integration, integrationResult.selectionValue);
      steps.push({ kind: "integrationResponse", ...choice });
      if (selected && record.failure === undefined) {
        const accept = methodRequest && headerValue(methodRequest.headers, "Accept");
        steps.push({ kind: "responseMapping", ...chooseResponseTemplate(selected, accept), output: response.body });
      }
    }
  }
  if (record.failure === undefined) steps.push({ kind: "methodResponse", ...response });
  else {
    const responseType = record.gatewayResponseType ?? (response.status < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX");
    steps.push({ kind: "gatewayResponse", ...response, responseType, failure: record.failure });
  }
  return steps;
}
