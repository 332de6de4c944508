/**
 * HTTP proxy integration (HTTP_PROXY): the client's request goes to the backend nearly as sent (its
 * method unless the integration names one, its query and headers, its body) and the backend's answer
 * comes back as the method response, with API Gateway's own headers in place of a few of the backend's.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import { GATEWAY_ERRORS, GatewayFailure } from "../errors.ts";
import { proxyRequestOf, type EndpointRequest, type Backend, type IntegrationCall, type IntegrationResult } from "../types.ts";
import { buildUrl, send, TimeoutError, type HttpBackendOptions } from "./http.ts";
import { PROXY_REMAPPED_HEADERS } from "./proxy-headers.ts";

/** Client headers that never reach the backend (beyond those dropped from every method request). */
const NOT_FORWARDED = new Set(["content-encoding", "via", "host"]);
/** Headers a mapping cannot set either. */
const NOT_MAPPABLE = new Set(["connection", "expect", "proxy-authenticate", "te", "via"]);
/** Hop-by-hop headers of the backend's connection, which end there. */
const HOP_BY_HOP = new Set(["keep-alive", "transfer-encoding"]);

export class HttpProxyBackend implements Backend {
  constructor(private readonly options: HttpBackendOptions) {}

  async invoke(call: IntegrationCall): Promise<IntegrationResult> {
    const endpointRequest = this.endpointRequest(call);
    try {
      const response = await send(endpointRequest, this.options.timeoutMs);
      const headers: Record<string, string | readonly string[]> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        const key = name.toLowerCase();
        if (!HOP_BY_HOP.has(key)) headers[PROXY_REMAPPED_HEADERS.has(key) ? `x-amzn-Remapped-${name}` : name] = value;
      }
      return { endpointRequest, status: response.status, headers, body: response.body, selectionValue: String(response.status), final: true };
    } catch (err) {
      if (err instanceof TimeoutError) throw new GatewayFailure(GATEWAY_ERRORS.integrationTimeout, `no response within ${this.options.timeoutMs} ms`);
      throw new GatewayFailure(GATEWAY_ERRORS.internalServerError, `Execution failed due to configuration error: Invalid endpoint address (${(err as Error).message})`);
    }
  }

  /** The client's query is forwarded and the URI's kept; mapped query parameters are appended to them. */
  endpointRequest(call: IntegrationCall): EndpointRequest {
    const { methodRequest, rawQuery } = proxyRequestOf(call);
    const method = this.options.integrationHttpMethod === "ANY" ? call.clientMethod : this.options.integrationHttpMethod;
    let url = buildUrl(this.options.uri, call.parameters.path, {});
    for (const query of [rawQuery, new URLSearchParams(call.parameters.querystring).toString()]) {
      if (query !== "") url = `${url}${url.includes("?") ? "&" : "?"}${query}`;
    }
    const headers: Record<string, string> = {};
    for (const [name, values] of Object.entries(methodRequest.headers)) {
      if (!NOT_FORWARDED.has(name.toLowerCase())) headers[name] = (values as readonly string[]).join(",");
    }
    headers["X-Amzn-Apigateway-Api-Id"] = this.options.apiId;
    headers["X-Amzn-Trace-Id"] = call.traceId;
    for (const [name, value] of Object.entries(call.parameters.header)) {
      if (!NOT_MAPPABLE.has(name.toLowerCase())) headers[name] = value;
    }
    return { method, url, headers, body: methodRequest.body };
  }
}
