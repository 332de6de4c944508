/**
 * The steps one request went through, in pipeline order, built from its execution record: the one
 * source of what `npm run test-invoke` prints and what the console shows. A step is present only when
 * the request got that far; a request the gateway answered on its own ends with a gateway response.
 */
import type { ExecutionStep } from "./execution-step-types.ts";
import { chooseIntegrationResponse, chooseRequestTemplate, chooseResponseTemplate } from "./mapping-choices.ts";
import { headerValue } from "./request-mapping.ts";
import type { ExecutionRecord } from "./types.ts";

/**
 * Gateway response types by `x-amzn-ErrorType`; others are DEFAULT_4XX or DEFAULT_5XX by status.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
const GATEWAY_RESPONSE_TYPES: Readonly<Record<string, string>> = {
  MissingAuthenticationTokenException: "MISSING_AUTHENTICATION_TOKEN",
  UnsupportedMediaTypeException: "UNSUPPORTED_MEDIA_TYPE",
  RequestTooLargeException: "REQUEST_TOO_LARGE",
  IntegrationTimeoutException: "INTEGRATION_TIMEOUT",
};

/** @param functionLogs the function's log lines for this request, if they were kept. */
export function executionSteps(record: ExecutionRecord, functionLogs: readonly string[] = []): ExecutionStep[] {
  const { methodRequest, endpointRequest, integrationResult, response } = record;
  const integration = record.route?.integration;
  const steps: ExecutionStep[] = [];
  if (methodRequest) {
    steps.push({ kind: "methodRequest", path: methodRequest.pathParameters, query: methodRequest.query, headers: methodRequest.headers, body: methodRequest.body });
    if (integration) {
      const choice = chooseRequestTemplate(integration, headerValue(methodRequest.headers, "Content-Type"));
      steps.push({ kind: "requestMapping", ...choice, output: record.integrationCall?.body });
    }
  }
  if (endpointRequest) steps.push({ kind: "endpointRequest", ...endpointRequest });
  if (functionLogs.length > 0) steps.push({ kind: "functionLogs", lines: functionLogs });
  if (integrationResult) {
    const { status, headers, body } = integrationResult;
    steps.push({ kind: "endpointResponse", status, headers, body, integrationLatencyMs: record.integrationLatencyMs });
    if (integration) {
      const { choice, response: selected } = chooseIntegrationResponse(integration, integrationResult.selectionValue);
      steps.push({ kind: "integrationResponse", ...choice });
      if (selected && record.failure === undefined) {
        const accept = methodRequest && headerValue(methodRequest.headers, "Accept");
        steps.push({ kind: "responseMapping", ...chooseResponseTemplate(selected, accept), output: response.body });
      }
    }
  }
  if (record.failure === undefined) steps.push({ kind: "methodResponse", ...response });
  else steps.push({ kind: "gatewayResponse", ...response, responseType: responseTypeOf(response), failure: record.failure });
  return steps;
}

function responseTypeOf(response: ExecutionRecord["response"]): string {
  const errorType = Object.entries(response.headers).find(([name]) => name.toLowerCase() === "x-amzn-errortype")?.[1] ?? "";
  return GATEWAY_RESPONSE_TYPES[errorType] ?? (response.status < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX");
}
