/**
 * The steps one request went through, as data: plain values only, so that the console's page can
 * share these types with the gateway that builds them (execution-steps.ts).
 */

/** A mapping template chosen, or none. */
export interface TemplateChoice {
  /** The content type the template is declared under; absent when no template applies. */
  readonly contentType?: string;
  /** The template's source; absent when no template applies. */
  readonly template?: string;
  /** Why, as a clause: `the Content-Type's media type application/json has a template`. */
  readonly reason: string;
}

/** The integration response chosen for a selection value. */
export interface IntegrationResponseChoice {
  /** Absent when nothing matched and there is no default response. */
  readonly statusCode?: string;
  /** The selection pattern that matched, as declared; absent for the default response. */
  readonly selectionPattern?: string;
  /** What the patterns are matched against: Lambda's `errorMessage` or the HTTP backend's status code. */
  readonly selectionValueName: string;
  readonly selectionValue: string;
  readonly reason: string;
}

/** Headers, query strings or path parameters, one or several values each. */
export type Values = Readonly<Record<string, string | readonly string[]>>;

export interface MethodRequestStep {
  readonly kind: "methodRequest";
  readonly path: Values;
  readonly query: Values;
  readonly headers: Values;
  readonly body: string;
}

/** A Lambda authorizer's part: whether its function was called or its cached result used, and what it decided. */
export interface AuthorizationStep {
  readonly kind: "authorization";
  /** The authorizer's name. */
  readonly name: string;
  readonly type: "TOKEN" | "REQUEST";
  /** `hit`, `miss`, `off` (results not cached) or `skipped` (the function was not needed). */
  readonly cache: string;
  /** `allow`, `explicit deny`, `implicit deny`, `unauthorized` or `error`. */
  readonly decision: string;
  readonly detail: string;
  readonly principalId?: string;
  /** The request to the function (its body is the event), when it was called. */
  readonly endpointRequest?: { readonly method: string; readonly url: string; readonly headers: Values; readonly body: string };
  /** The function's result before parsing, when it was called. */
  readonly resultBody?: string;
  readonly latencyMs: number;
}

export interface MappingStep extends TemplateChoice {
  readonly kind: "requestMapping" | "responseMapping";
  /** What the mapping produced; absent when it failed or refused the request. */
  readonly output?: string;
}

/** The request the integration sent to its backend. */
export interface EndpointRequestStep {
  readonly kind: "endpointRequest";
  readonly method: string;
  readonly url: string;
  readonly headers: Values;
  readonly body: string;
}

/** The function's log lines under the request id, as CloudWatch shows them. */
export interface FunctionLogStep {
  readonly kind: "functionLogs";
  readonly lines: readonly string[];
}

export interface EndpointResponseStep {
  readonly kind: "endpointResponse";
  readonly status: number;
  readonly headers: Values;
  readonly body: string;
  readonly integrationLatencyMs?: number;
}

export interface IntegrationResponseStep extends IntegrationResponseChoice {
  readonly kind: "integrationResponse";
}

export interface MethodResponseStep {
  readonly kind: "methodResponse";
  readonly status: number;
  readonly headers: Values;
  readonly body: string;
}

/** An answer API Gateway gave on its own (no route, 415, timeout, configuration error…). */
export interface GatewayResponseStep {
  readonly kind: "gatewayResponse";
  readonly status: number;
  /** e.g. `MISSING_AUTHENTICATION_TOKEN`, `DEFAULT_5XX` */
  readonly responseType: string;
  readonly failure: string;
  readonly headers: Values;
  readonly body: string;
}

export type ExecutionStep =
  | MethodRequestStep | AuthorizationStep | MappingStep | EndpointRequestStep | FunctionLogStep | EndpointResponseStep
  | IntegrationResponseStep | MethodResponseStep | GatewayResponseStep;
