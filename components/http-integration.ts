/**
 * HTTP custom (non-proxy) integration: API Gateway sends the rendered request template to an http(s)
 * endpoint, with the `{proxy}` path and the declared query strings mapped onto the backend request.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import type { IntegrationSpec } from "./integration-spec.ts";

export interface HttpIntegrationOptions {
  /** Base URL of the backend; the request's `{proxy}` path is appended. */
  endpoint: string;
  /** The `application/json` request template. */
  requestTemplate: string;
  /** Query-string names declared on the method request and forwarded to the backend. */
  queryStrings: string[];
  /**
   * Method of the backend request. POST carries the rendered template as the body whatever the
   * client's method (a GET to the backend would have no body).
   * @default "POST"
   */
  integrationHttpMethod?: string;
  /**
   * Integration timeout in milliseconds, 50 to 29000.
   * @default 29000
   */
  timeoutMilliseconds?: number;
}

export function httpIntegration(options: HttpIntegrationOptions): IntegrationSpec {
  const methodRequestParameters: Record<string, boolean> = { "method.request.path.proxy": true };
  // Only mapped parameters reach an HTTP custom integration; each must be declared on the method first.
  const requestParameters: Record<string, string> = { "integration.request.path.proxy": "method.request.path.proxy" };
  for (const name of options.queryStrings) {
    methodRequestParameters[`method.request.querystring.${name}`] = false;
    requestParameters[`integration.request.querystring.${name}`] = `method.request.querystring.${name}`;
  }
  return {
    type: "HTTP",
    integrationHttpMethod: options.integrationHttpMethod ?? "POST",
    uri: `${options.endpoint}/{proxy}`,
    passthroughBehavior: "WHEN_NO_TEMPLATES",
    requestTemplates: { "application/json": options.requestTemplate },
    methodRequestParameters,
    requestParameters,
    timeoutMilliseconds: options.timeoutMilliseconds ?? 29000,
    responses: [
      // A backend 4xx/5xx would otherwise reach the client as 200 (non-proxy status is not passed through).
      { statusCode: "200" },
      { statusCode: "400", selectionPattern: "4\\d{2}" },
      { statusCode: "502", selectionPattern: "5\\d{2}" },
    ],
  };
}
