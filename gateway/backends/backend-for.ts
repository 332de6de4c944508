/**
 * The backend behind each declared integration: a Lambda function run in-process (custom or proxy), an
 * HTTP endpoint (custom or proxy), or a MOCK. Integrations the gateway does not emulate, and mappings
 * API Gateway refuses at run time, get a backend that answers every call with their error.
 */
import { GATEWAY_ERRORS, GatewayFailure, type GatewayError } from "../errors.ts";
import { HttpBackend } from "./http.ts";
import { HttpProxyBackend } from "./http-proxy.ts";
import { LambdaBackend } from "./lambda.ts";
import { LambdaProxyBackend } from "./lambda-proxy.ts";
import { MockBackend } from "./mock.ts";
import type { DeclaredApi, DeclaredIntegration } from "../declared-api.ts";
import type { Backend } from "../types.ts";

/** A backend whose handler can be loaded ahead of the first request. */
export interface LoadableBackend extends Backend {
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

export function backendFor(integration: DeclaredIntegration, model: DeclaredApi): Backend {
  const refused = unmappableHeader(integration);
  if (refused !== undefined) return failing(GATEWAY_ERRORS.integrationConfiguration, `the integration maps the ${refused} header, which API Gateway refuses`);
  const { type, uri, integrationHttpMethod, timeoutMs, lambda } = integration;
  const http = { uri, integrationHttpMethod, timeoutMs, apiId: model.apiId };
  switch (type) {
    case "MOCK": return new MockBackend();
    case "HTTP": return new HttpBackend(http);
    case "HTTP_PROXY": return new HttpProxyBackend(http);
    case "AWS":
      if (lambda) return new LambdaBackend(lambda, model.region, model.apiId, timeoutMs);
      break;
    case "AWS_PROXY":
      if (lambda) return new LambdaProxyBackend(lambda, model.region, model.apiId, timeoutMs, integrationHttpMethod);
      break;
  }
  return failing(GATEWAY_ERRORS.internalServerError, `integration type ${type} (${uri}) is not emulated`);
}

export function isLoadable(backend: Backend): backend is LoadableBackend {
  return "load" in backend && typeof backend.load === "function";
}

function unmappableHeader({ type, requestParameters }: DeclaredIntegration): string | undefined {
  const refused = UNMAPPABLE_HEADERS[type] ?? [];
  return requestParameters.map(([target]) => /^integration\.request\.header\.(.+)$/.exec(target)?.[1])
    .find((name) => name !== undefined && refused.includes(name.toLowerCase()));
}

function failing(error: GatewayError, detail: string): Backend {
  return { invoke: () => Promise.reject(new GatewayFailure(error, detail)) };
}
