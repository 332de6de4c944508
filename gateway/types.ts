/** Shapes that cross the gateway's stages: the client request, the integration call, the response. */
import type { DeclaredMethod } from "./declared-api.ts";
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
  /** The scheme the client used (`X-Forwarded-Proto`): `https` for the deployed API that test-invoke and render stand for. @default "http" */
  readonly scheme?: "http" | "https";
}

/** Response headers by name; a name sent on several lines (two `Set-Cookie`s) has them as a list. */
export type ResponseHeaders = Readonly<Record<string, string | readonly string[]>>;

/** What the client gets. */
export interface GatewayResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string;
}

/** Parameters of the integration request after `requestParameters` and overrides. */
export interface IntegrationParameters {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly header: Readonly<Record<string, string>>;
}

/** What a proxy integration reads instead of a rendered body: the method request much as the client sent it. */
export interface ProxyRequest {
  /** The resource template, e.g. `/{proxy+}`. */
  readonly resourcePath: string;
  /** The path below the stage as sent (not decoded), e.g. `/a%20b`. */
  readonly rawPath: string;
  /** The query string as sent, without `?`. */
  readonly rawQuery: string;
  /** Path parameters as sent (not decoded). */
  readonly rawPathParameters: Readonly<Record<string, string>>;
  readonly methodRequest: MethodRequestData;
  /** The request's `$context`. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** `principalId`, `integrationLatency` and the context values, when an authorizer allowed the request. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
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
  /** Whether a request template rendered the body. */
  readonly rendered: boolean;
  readonly parameters: IntegrationParameters;
  /** For proxy integrations (AWS_PROXY, HTTP_PROXY): the request as they take it. */
  readonly proxy?: ProxyRequest;
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
  /** What was sent to the backend; none for a MOCK. */
  readonly endpointRequest?: EndpointRequest;
  /** The backend's HTTP status (HTTP integrations) or 200 (Lambda, whose errors are in the body). */
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string;
  /** Matched against selection patterns: the status code, or a Lambda error's `errorMessage` ("" on success). */
  readonly selectionValue: string;
  /** A proxy integration's answer: the method response itself, with no integration response mapping. */
  readonly final?: boolean;
}

/** A backend an integration calls. */
export interface Backend {
  /**
   * Calls the backend. Rejects with a {@link GatewayFailure} for what API Gateway answers itself
   * (timeout, unreachable endpoint, unparseable Lambda payload).
   */
  invoke(call: IntegrationCall): Promise<IntegrationResult>;
}

/** How an authorizer decided one request. */
export type AuthorizerDecision = "allow" | "explicit deny" | "implicit deny" | "unauthorized" | "error";

/** What the authorizer step did for one request. */
export interface AuthorizerRecord {
  /** The authorizer's name. */
  readonly name: string;
  readonly type: "TOKEN" | "REQUEST";
  /**
   * `hit`: a cached result decided; `miss`: the function was called and its result cached; `off`: the
   * function was called, results are not cached (TTL 0); `skipped`: the function was not called (the
   * identity was missing or did not match the validation expression).
   */
  readonly cache: "hit" | "miss" | "off" | "skipped";
  readonly decision: AuthorizerDecision;
  /** Why, in words: the missing source, the function's error, the statement that decided. */
  readonly detail: string;
  readonly principalId?: string;
  /** The request sent to the function (its body is the event), when it was called. */
  readonly endpointRequest?: EndpointRequest;
  /** The function's result or error document as returned, when it was called. */
  readonly resultBody?: string;
  readonly latencyMs: number;
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
  readonly route?: DeclaredMethod;
  readonly methodRequest?: MethodRequestData;
  /** The authorizer step, for a method that has an authorizer. */
  readonly authorizer?: AuthorizerRecord;
  /** What the request mapping produced: the rendered (or passed-through) body and the mapped parameters. */
  readonly integrationCall?: IntegrationCall;
  readonly endpointRequest?: EndpointRequest;
  readonly integrationResult?: IntegrationResult;
  readonly response: GatewayResponse;
  readonly latencyMs: number;
  readonly integrationLatencyMs?: number;
  /** Why the gateway answered on its own, if it did. */
  readonly failure?: string;
  /** The gateway response type it answered with, e.g. `MISSING_AUTHENTICATION_TOKEN`. */
  readonly gatewayResponseType?: string;
}

/** The proxy request of a call to a proxy integration. @throws when the gateway made the call for another type. */
export function proxyRequestOf(call: IntegrationCall): ProxyRequest {
  if (call.proxy === undefined) throw new Error("a proxy integration was called without the proxy request");
  return call.proxy;
}
