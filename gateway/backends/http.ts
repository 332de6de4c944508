/**
 * HTTP custom integration: API Gateway builds the backend URL from the integration URI, filling
 * `{name}` only from mapped path parameters and appending only mapped query strings; it sends its own
 * small set of headers plus mapped ones, and the rendered template as the body. The backend's status
 * is the selection value; its headers are not passed to the client.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import * as http from "node:http";
import * as https from "node:https";
import { GATEWAY_ERRORS, GatewayFailure } from "../errors.ts";
import type { EndpointRequest, Backend, IntegrationCall, IntegrationResult, ResponseHeaders } from "../types.ts";

const BODYLESS_CLIENT_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

export interface HttpBackendOptions {
  readonly uri: string;
  /** `ANY` sends the client's method. */
  readonly integrationHttpMethod: string;
  readonly timeoutMs: number;
  readonly apiId: string;
}

export class HttpBackend implements Backend {
  constructor(private readonly options: HttpBackendOptions) {}

  async invoke(call: IntegrationCall): Promise<IntegrationResult> {
    const endpointRequest = this.endpointRequest(call);
    const started = Date.now();
    try {
      const response = await send(endpointRequest, this.options.timeoutMs);
      return { endpointRequest, ...response, selectionValue: String(response.status) };
    } catch (err) {
      if (err instanceof TimeoutError) {
        throw new GatewayFailure(GATEWAY_ERRORS.integrationTimeout, `no response within ${this.options.timeoutMs} ms`);
      }
      const detail = `Execution failed due to configuration error: Invalid endpoint address (${(err as Error).message}) after ${Date.now() - started} ms`;
      throw new GatewayFailure(GATEWAY_ERRORS.internalServerError, detail);
    }
  }

  /** The request API Gateway sends for this call. */
  endpointRequest(call: IntegrationCall): EndpointRequest {
    const method = this.options.integrationHttpMethod === "ANY" ? call.clientMethod : this.options.integrationHttpMethod;
    const headers: Record<string, string> = {
      "Accept": "application/json",
      "User-Agent": `AmazonAPIGateway_${this.options.apiId}`,
      "X-Amzn-Apigateway-Api-Id": this.options.apiId,
      "X-Amzn-Trace-Id": call.traceId,
    };
    if (call.clientContentType !== undefined && !BODYLESS_CLIENT_METHODS.has(call.clientMethod)) {
      headers["Content-Type"] = call.clientContentType;
    }
    Object.assign(headers, call.parameters.header);
    return { method, url: buildUrl(this.options.uri, call.parameters.path, call.parameters.querystring), headers, body: call.body };
  }
}

/** Fills `{name}` / `{name+}` from mapped path parameters (greedy values keep their slashes) and adds the query. */
export function buildUrl(uri: string, path: Readonly<Record<string, string>>, query: Readonly<Record<string, string>>): string {
  const filled = uri.replace(/\{([^}+]+)(\+?)\}/g, (_, name: string) =>
    (path[name] ?? "").split("/").map(encodeURIComponent).join("/"));
  const search = new URLSearchParams(query).toString();
  return search === "" ? filled : `${filled}${filled.includes("?") ? "&" : "?"}${search}`;
}

export class TimeoutError extends Error {}

/** Path and query of an absolute URL, exactly as written. */
function rawPathOf(url: string): string {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  return slash === -1 ? "/" : url.slice(slash);
}

/** Sends the request; rejects with a TimeoutError when no complete answer came within `timeoutMs`. */
export function send(request: EndpointRequest, timeoutMs: number): Promise<{ status: number; headers: ResponseHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const transport = url.protocol === "https:" ? https : http;
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : Buffer.from(request.body);
    const headers = body ? { ...request.headers, "Content-Length": String(body.length) } : request.headers;
    // The path goes as built: a URL object would resolve dot segments.
    const options = {
      protocol: url.protocol, hostname: url.hostname, port: url.port, path: rawPathOf(request.url),
      method: request.method, headers, agent: agents[url.protocol as keyof typeof agents],
    };
    const req = transport.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 502, headers: headersAsSent(res.rawHeaders), body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    const timer = setTimeout(() => {
      req.destroy(new TimeoutError(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

/** Headers with the backend's casing (the first it used for a name); a name it sent several times has a list. */
function headersAsSent(rawHeaders: readonly string[]): ResponseHeaders {
  const byKey = new Map<string, { name: string; values: string[] }>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i].toLowerCase();
    const entry = byKey.get(key);
    if (entry === undefined) byKey.set(key, { name: rawHeaders[i], values: [rawHeaders[i + 1]] });
    else entry.values.push(rawHeaders[i + 1]);
  }
  const headers: Record<string, string | string[]> = {};
  for (const { name, values } of byKey.values()) headers[name] = values.length === 1 ? values[0] : values;
  return headers;
}
