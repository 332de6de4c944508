/** Shapes that cross the gateway's stages: the client request, the integration call, the response. */
import type { MethodModel } from "./model.ts";
import type { MethodRequestData } from "./vtl/types.ts";

/** A client request as received, before API Gateway looks at it. */
export interface GatewayRequest {
  readonly method: string;
  /** Path and query string as sent, e.g. `/dev/lambda/a/b?x=1`. */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value… with the client's casing. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  /** Port the client connected to (`X-Forwarded-Port`). */
  readonly localPort: number;
}

/** What the client gets. */
export interface GatewayResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Parameters of the integration request after `requestParameters` and overrides. */
export interface IntegrationParameters {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly header: Readonly<Record<string, string>>;
}

/** What an integration is asked to do for one request. */
export interface IntegrationCall {
  readonly requestId: string;
  readonly traceId: string;
  /** The client's method (never ANY). */
  readonly clientMethod: string;
  /** The client's Content-Type header, if any. */
  readonly clientContentType?: string;
  /** The rendered request template, or the passed-through body. */
  readonly body: string;
  readonly parameters: IntegrationParameters;
}

/** The request an integration sent to its backend (shown by test-invoke). */
export interface EndpointRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What came back from the backend. */
export interface IntegrationResult {
  readonly endpointRequest: EndpointRequest;
  /** The backend's HTTP status (HTTP integrations) or 200 (Lambda, whose errors are in the body). */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Matched against selection patterns: the status code, or a Lambda error's `errorMessage` ("" on success). */
  readonly selectionValue: string;
}

/** A backend an integration calls. */
export interface Integration {
  /**
   * Calls the backend. Rejects with a {@link GatewayFailure} for what API Gateway answers itself
   * (timeout, unreachable endpoint, unparseable Lambda payload).
   */
  invoke(call: IntegrationCall): Promise<IntegrationResult>;
}

/** Everything one request went through, for test-invoke, the access log and the console. */
export interface ExecutionRecord {
  readonly requestId: string;
  /** The request as the client sent it. */
  readonly request: GatewayRequest;
  /** When the gateway received it (`$context.requestTime`). */
  readonly requestTime: Date;
  readonly method: string;
  readonly path: string;
  readonly resourcePath?: string;
  /** The method the request was routed to, as the model declares it. */
  readonly route?: MethodModel;
  readonly methodRequest?: MethodRequestData;
  /** What the request mapping produced: the rendered (or passed-through) body and the mapped parameters. */
  readonly integrationCall?: IntegrationCall;
  readonly endpointRequest?: EndpointRequest;
  readonly integrationResult?: IntegrationResult;
  readonly response: GatewayResponse;
  readonly latencyMs: number;
  readonly integrationLatencyMs?: number;
  /** Why the gateway answered on its own, if it did. */
  readonly failure?: string;
}
