/**
 * MOCK integration: no backend. The rendered request template's `statusCode` is the integration
 * status, matched as a string against the selection patterns; the integration response body is empty,
 * so the client gets its response template's output, or nothing.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
 */
import { GATEWAY_ERRORS, GatewayFailure } from "../errors.ts";
import type { Backend, IntegrationCall, IntegrationResult } from "../types.ts";

const NO_HEADERS: Readonly<Record<string, string>> = {};

export class MockBackend implements Backend {
  invoke(call: IntegrationCall): Promise<IntegrationResult> {
    // Without a request template there is no status to read: the default integration response answers.
    if (!call.rendered) return Promise.resolve(mockResult(200, ""));
    const status = statusCodeOf(call.body);
    if (status === undefined) {
      return Promise.reject(new GatewayFailure(GATEWAY_ERRORS.internalServerError,
        `Execution failed due to configuration error: the MOCK request template rendered no numeric statusCode: ${call.body}`));
    }
    return Promise.resolve(mockResult(status, String(status)));
  }
}

function mockResult(status: number, selectionValue: string): IntegrationResult {
  return { status, headers: NO_HEADERS, body: "", selectionValue };
}

/**
 * The `statusCode` of a rendered MOCK template. API Gateway reads it leniently: `{statusCode: 200}`,
 * with an unquoted key, is what AWS CDK generates for every preflight. A string or missing status is a
 * configuration error (what AWS answers then is not recorded).
 */
export function statusCodeOf(rendered: string): number | undefined {
  const parsed = relaxedJson(rendered);
  const status = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>).statusCode : undefined;
  return typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

/** JSON, or JSON with bare object keys; undefined when neither parses. */
function relaxedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":'));
    } catch {
      return undefined;
    }
  }
}
