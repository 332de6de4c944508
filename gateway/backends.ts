/**
 * The backend behind each declared integration: a Lambda function run in-process (custom or proxy), an
 * HTTP endpoint (custom or proxy), or a MOCK. Integrations the gateway does not emulate, and mappings
 * API Gateway refuses at run time, get a backend that answers every call with their error.
 */
import { GATEWAY_ERRORS, GatewayFailure, type GatewayError } from "./errors.ts";
import { HttpIntegration } from "./integrations/http.ts";
import { HttpProxyIntegration } from "./integrations/http-proxy.ts";
import { LambdaIntegration } from "./integrations/lambda.ts";
import { LambdaProxyIntegration } from "./integrations/lambda-proxy.ts";
import { MockIntegration } from "./integrations/mock.ts";
import type { ApiModel, IntegrationModel } from "./model.ts";
import type { Integration } from "./types.ts";

/** A backend whose handler can be loaded ahead of the first request. */
export interface LoadableIntegration extends Integration {
  load(): Promise<unknown>;
}

/**
 * Request headers a mapping may not set, by integration type: mapping one makes every call fail with
 * 500 (recorded for Content-Length and Transfer-Encoding on every type, and for the others on Lambda).
 */
const UNMAPPABLE_HEADERS: Readonly<Record<string, readonly string[]>> = {
  HTTP: ["content-length", "transfer-encoding"],
  HTTP_PROXY: ["content-length", "transfer-encoding"],
  AWS: ["content-length", "transfer-encoding", "authorization", "connection", "expect", "proxy-authenticate", "te"],
  AWS_PROXY: ["content-length", "transfer-encoding", "authorization", "connection", "expect", "proxy-authenticate", "te"],
};

export function backendFor(integration: IntegrationModel, model: ApiModel): Integration {
  const refused = unmappableHeader(integration);
  if (refused !== undefined) return failing(GATEWAY_ERRORS.integrationConfiguration, `the integration maps the ${refused} header, which API Gateway refuses`);
  const { type, uri, integrationHttpMethod, timeoutMs, lambda } = integration;
  const http = { uri, integrationHttpMethod, timeoutMs, apiId: model.apiId };
  switch (type) {
    case "MOCK": return new MockIntegration();
    case "HTTP": return new HttpIntegration(http);
    case "HTTP_PROXY": return new HttpProxyIntegration(http);
    case "AWS":
      if (lambda) return new LambdaIntegration(lambda, model.region, model.apiId, timeoutMs);
      break;
    case "AWS_PROXY":
      if (lambda) return new LambdaProxyIntegration(lambda, model.region, model.apiId, timeoutMs, integrationHttpMethod);
      break;
  }
  return failing(GATEWAY_ERRORS.internalServerError, `integration type ${type} (${uri}) is not emulated`);
}

export function isLoadable(backend: Integration): backend is LoadableIntegration {
  return "load" in backend && typeof backend.load === "function";
}

function unmappableHeader({ type, requestParameters }: IntegrationModel): string | undefined {
  const refused = UNMAPPABLE_HEADERS[type] ?? [];
  return requestParameters.map(([target]) => /^integration\.request\.header\.(.+)$/.exec(target)?.[1])
    .find((name) => name !== undefined && refused.includes(name.toLowerCase()));
}

function failing(error: GatewayError, detail: string): Integration {
  return { invoke: () => Promise.reject(new GatewayFailure(error, detail)) };
}
