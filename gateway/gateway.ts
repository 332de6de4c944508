/**
 * API Gateway's request pipeline, as a pure function of a request. Its steps, in order:
 * route → throttle → authorize → validate → map the request → call the integration → map the response;
 * any step may end the request with a gateway response instead. Each step lives in a module of its
 * own; this file only runs them. `server.ts` adapts it to node:http; tests and test-invoke call
 * {@link Gateway.handle} directly.
 */
import { randomUUID } from "node:crypto";
import type { AuthorizerInput } from "./authorization/authorizer-request.ts";
import { AuthorizerStep, type AuthorizerVerdict } from "./authorization/authorizer-step.ts";
import { admitUnverified } from "./authorization/unchecked-authorization.ts";
import { backendFor, isLoadable } from "./backends/backend-for.ts";
import { GATEWAY_ERRORS, GatewayFailure, type GatewayError } from "./errors.ts";
import { GatewayResponses } from "./gateway-responses.ts";
import { extendedRequestIdOf, methodRequestOf, pathOf, traceIdOf } from "./method-request.ts";
import type { DeclaredApi, DeclaredAuthorizer, DeclaredIntegration, DeclaredMethod } from "./declared-api.ts";
import { headerValue, mapRequestParameters, parseTarget, selectRequestTransform, type RequestTarget } from "./request-mapping.ts";
import { RequestValidation, ValidationFailure } from "./request-validation.ts";
import { mapResponse } from "./response-mapping.ts";
import { Router, type RouteMatch } from "./router.ts";
import { Throttling } from "./throttling.ts";
import type { AuthorizerRecord, ExecutionRecord, GatewayRequest, GatewayResponse, Backend, IntegrationCall, IntegrationResult } from "./types.ts";
import { buildTemplateContext } from "./vtl/context.ts";
import { TemplateInput } from "./vtl/input.ts";
import type { MethodRequestData, TemplateContext } from "./vtl/types.ts";
import { templateUtil } from "./vtl/util.ts";

/** API Gateway's payload quota. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Integration types whose answers carry no `X-Amzn-Trace-Id`. */
const UNTRACED = new Set(["MOCK", "HTTP_PROXY"]);
const PROXY_TYPES = new Set(["AWS_PROXY", "HTTP_PROXY"]);

/** One request on its way through the pipeline: what it learns is kept when a later step fails. */
class Execution {
  readonly requestId = randomUUID();
  readonly started = performance.now();
  readonly requestTime = new Date();
  route?: DeclaredMethod;
  methodCall?: MethodCall;
  authorizer?: AuthorizerRecord;
  call?: IntegrationCall;
  integrationStarted = 0;
  private integration?: Pick<ExecutionRecord, "endpointRequest" | "integrationResult" | "integrationLatencyMs">;

  constructor(readonly request: GatewayRequest) {}

  integrationEnded(result: IntegrationResult): void {
    this.integration = { endpointRequest: result.endpointRequest, integrationResult: result, integrationLatencyMs: performance.now() - this.integrationStarted };
  }

  record(response: GatewayResponse, failure?: GatewayFailure): ExecutionRecord {
    return {
      requestId: this.requestId, request: this.request, requestTime: this.requestTime, method: this.request.method, path: pathOf(this.request.url),
      resourcePath: this.route?.resourcePath, route: this.route, methodRequest: this.methodCall?.methodRequest, authorizer: this.authorizer,
      integrationCall: this.call, ...this.integration,
      response, latencyMs: performance.now() - this.started,
      ...(failure === undefined ? {} : { failure: failure.detail, gatewayResponseType: failure.error.responseType }),
    };
  }
}

/** A request routed to its method: the method request, before authorization and mapping. */
interface MethodCall {
  readonly method: DeclaredMethod;
  readonly integration: DeclaredIntegration;
  readonly methodRequest: MethodRequestData;
  readonly target: RequestTarget;
  readonly match: RouteMatch;
  readonly requestTime: Date;
  readonly traceId: string;
}

/** A request mapped onto its integration, waiting for the backend. */
interface Exchange extends MethodCall {
  readonly backend: Backend;
  readonly call: IntegrationCall;
  /** The request template's `$context`. */
  readonly context: TemplateContext;
  /** `$context.authorizer` values, when an authorizer allowed the request. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
}

export interface GatewayOptions {
  /** `$context.domainName` when the client sends no Host. @default "127.0.0.1" */
  readonly domainName?: string;
  /** Apply the stage's throttling (429 once a method's bucket is empty). @default false */
  readonly throttle?: boolean;
}

export class Gateway {
  private readonly router: Router;
  private readonly backends = new Map<DeclaredIntegration, Backend>();
  private readonly authorizers = new Map<DeclaredAuthorizer, AuthorizerStep>();
  private readonly validations = new Map<DeclaredMethod, RequestValidation>();
  private readonly throttling?: Throttling;
  readonly responses: GatewayResponses;

  constructor(readonly model: DeclaredApi, private readonly options: GatewayOptions = {}) {
    this.router = Router.fromModel(model);
    this.responses = new GatewayResponses(model.gatewayResponses);
    if (options.throttle) this.throttling = new Throttling(model.throttling);
    const modelUrl = `https://apigateway.amazonaws.com/restapis/${model.apiId}/models/`;
    for (const resource of model.resources) {
      for (const method of resource.methods.values()) {
        if (method.integration) this.backends.set(method.integration, backendFor(method.integration, model));
        // One step per authorizer, so that methods sharing an authorizer share its cache.
        if (method.authorizer && !this.authorizers.has(method.authorizer)) this.authorizers.set(method.authorizer, new AuthorizerStep(method.authorizer, model));
        if (method.validation) this.validations.set(method, new RequestValidation(method.validation, method, modelUrl));
      }
    }
  }

  /** Loads every Lambda handler now, so a broken bundle fails at start rather than on a request. */
  async warmUp(): Promise<void> {
    for (const backend of this.backends.values()) if (isLoadable(backend)) await backend.load();
    for (const authorizer of this.authorizers.values()) await authorizer.load();
  }

  /**
   * Runs one request through the pipeline; never rejects. Without an authorizer everything but the
   * integration call is synchronous, so a request costs one promise of the pipeline's own.
   */
  handle(request: GatewayRequest): Promise<ExecutionRecord> {
    const execution = new Execution(request);
    let methodCall: MethodCall;
    try {
      methodCall = this.methodRequest(request, execution);
    } catch (err) {
      return Promise.resolve(this.failed(execution, err));
    }
    const authorizer = methodCall.method.authorizer;
    if (authorizer === undefined) return this.integrate(execution, methodCall);
    const verdict = this.authorizers.get(authorizer)!.authorize(this.authorizerInput(request, execution.requestId, methodCall), execution.requestId);
    if (verdict instanceof Promise) return verdict.then((settled) => this.authorized(execution, methodCall, settled));
    return this.authorized(execution, methodCall, verdict);
  }

  /** Route, throttle and method request: everything API Gateway knows before authorizing and mapping. */
  private methodRequest(request: GatewayRequest, execution: Execution): MethodCall {
    if (request.body.length > MAX_BODY_BYTES) throw new GatewayFailure(GATEWAY_ERRORS.requestTooLarge, "body above 10 MB");
    const target = parseTarget(request.url);
    const match = this.router.match(request.method, target.segments, target.rawSegments);
    if (match === undefined) throw new GatewayFailure(GATEWAY_ERRORS.missingAuthenticationToken, `no ${request.method} method at ${pathOf(request.url)}`);
    const method = match.method;
    execution.route = method;
    this.throttling?.admit(method, request.method);
    const integration = method.integration;
    if (!integration) throw new GatewayFailure(GATEWAY_ERRORS.internalServerError, `no integration defined for ${method.httpMethod} ${method.resourcePath}`);
    const traceId = traceIdOf(execution.requestId, execution.requestTime);
    const methodRequest = methodRequestOf(request, match.pathParameters, target.query, traceId);
    const methodCall = { method, integration, methodRequest, target, match, requestTime: execution.requestTime, traceId };
    execution.methodCall = methodCall;
    if (method.uncheckedAuthorization !== undefined) admitUnverified(method, methodRequest);
    return methodCall;
  }

  private authorizerInput(request: GatewayRequest, requestId: string, methodCall: MethodCall): AuthorizerInput {
    return {
      httpMethod: request.method,
      resourcePath: methodCall.method.resourcePath,
      path: `/${methodCall.target.segments.slice(1).join("/")}`,
      methodRequest: methodCall.methodRequest,
      stageVariables: this.model.stageVariables,
      context: this.templateContext(request, requestId, methodCall),
    };
  }

  private authorized(execution: Execution, methodCall: MethodCall, verdict: AuthorizerVerdict): Promise<ExecutionRecord> {
    execution.authorizer = verdict.record;
    if (verdict.failure) return Promise.resolve(this.failed(execution, verdict.failure));
    return this.integrate(execution, methodCall, verdict.context);
  }

  /** Validation, request mapping, the integration, and the method response. */
  private integrate(execution: Execution, methodCall: MethodCall, authorizer?: Readonly<Record<string, unknown>>): Promise<ExecutionRecord> {
    const request = execution.request;
    let exchange: Exchange;
    let backendResponse: Promise<IntegrationResult>;
    try {
      this.validations.get(methodCall.method)?.check(methodCall.methodRequest);
      exchange = this.integrationRequest(request, execution.requestId, methodCall, authorizer);
      execution.call = exchange.call;
      execution.integrationStarted = performance.now();
      backendResponse = exchange.backend.invoke(exchange.call);
    } catch (err) {
      return Promise.resolve(this.failed(execution, err));
    }
    return backendResponse.then((result) => {
      execution.integrationEnded(result);
      try {
        return execution.record(this.methodResponse(request, exchange, result));
      } catch (err) {
        return this.failed(execution, err);
      }
    }, (err: unknown) => this.failed(execution, err));
  }

  /** Template selection, rendering and parameter mapping: everything up to calling the integration. */
  private integrationRequest(
    request: GatewayRequest, requestId: string, methodCall: MethodCall, authorizer?: Readonly<Record<string, unknown>>,
  ): Exchange {
    const context = this.templateContext(request, requestId, methodCall, authorizer);
    const call = this.integrationCall(request, methodCall, context, requestId, authorizer);
    return { ...methodCall, backend: this.backends.get(methodCall.integration)!, call, context, authorizer };
  }

  /** Integration response → method response (a proxy's answer is one already), with API Gateway's own headers. */
  private methodResponse(request: GatewayRequest, exchange: Exchange, result: IntegrationResult): GatewayResponse {
    const { method, integration, call, context } = exchange;
    const own: Record<string, string> = { "x-amzn-RequestId": call.requestId, "x-amz-apigw-id": String(context.extendedRequestId) };
    if (!UNTRACED.has(integration.type)) own["X-Amzn-Trace-Id"] = call.traceId;
    if (result.final) return { status: result.status, headers: { ...result.headers, ...own }, body: request.method === "HEAD" ? "" : result.body };
    // Response templates get a $context of their own: the request template may have set overrides in the first.
    const responseContext = this.templateContext.bind(this, request, call.requestId, exchange, exchange.authorizer);
    const { methodRequest } = exchange;
    const mapped = mapResponse(method, integration, result, headerValue(methodRequest.headers, "Accept"), responseContext, this.model.stageVariables, methodRequest);
    return {
      status: mapped.status,
      headers: { "Content-Type": "application/json", ...mapped.headers, ...own },
      body: request.method === "HEAD" ? "" : mapped.body,
    };
  }

  /** Template selection and rendering, then parameter mapping: the integration request. Proxies take the request as it is. */
  private integrationCall(
    request: GatewayRequest, methodCall: MethodCall, context: TemplateContext, requestId: string, authorizer?: Readonly<Record<string, unknown>>,
  ): IntegrationCall {
    const { integration, methodRequest, target } = methodCall;
    const contentType = headerValue(methodRequest.headers, "Content-Type");
    const stageVariables = this.model.stageVariables;
    const proxied = PROXY_TYPES.has(integration.type);
    const transform = proxied ? undefined : selectRequestTransform(integration, contentType);
    const rendered = transform !== undefined && "template" in transform
      ? transform.template.render({ input: new TemplateInput(methodRequest), context, stageVariables, util: templateUtil })
      : undefined;
    return {
      requestId,
      traceId: methodCall.traceId,
      clientMethod: request.method,
      clientContentType: contentType,
      body: rendered?.text ?? methodRequest.body,
      rendered: rendered !== undefined,
      parameters: mapRequestParameters(integration.requestParameters, { request: methodRequest, context, stageVariables }, rendered?.requestOverride),
      proxy: proxied ? {
        resourcePath: methodCall.method.resourcePath,
        // A proxy gets the path as sent; `//` right after the stage collapses to `/`.
        rawPath: `/${target.rawSegments.slice(1).join("/")}`.replace(/^\/\/+/, "/"),
        rawQuery: target.rawQuery, rawPathParameters: methodCall.match.rawPathParameters, methodRequest, context, stageVariables, authorizer,
      } : undefined,
    };
  }

  private templateContext(
    request: GatewayRequest, requestId: string, { method, methodRequest, requestTime }: MethodCall, authorizer?: Readonly<Record<string, unknown>>,
  ): TemplateContext {
    const headers = methodRequest.headers;
    const host = headerValue(headers, "Host") ?? this.options.domainName ?? "127.0.0.1";
    return buildTemplateContext({
      requestId,
      extendedRequestId: extendedRequestIdOf(requestId),
      httpMethod: request.method,
      resourcePath: method.resourcePath,
      path: pathOf(request.url),
      stage: this.model.stageName,
      sourceIp: request.sourceIp,
      userAgent: headerValue(headers, "User-Agent"),
      requestTime,
      apiId: this.model.apiId,
      accountId: this.model.accountId,
      deploymentId: this.model.deploymentId,
      domainName: host.split(":")[0],
      resourceId: method.resourceId,
      authorizer,
    });
  }

  /** The record of a request the gateway answers itself, through the API's gateway responses. */
  private failed(execution: Execution, err: unknown): ExecutionRecord {
    const failure = err instanceof GatewayFailure ? err : new GatewayFailure(GATEWAY_ERRORS.internalServerError, String(err));
    const { requestId, methodCall, request } = execution;
    const response = this.responses.answer(failure.error, {
      requestId,
      extendedRequestId: extendedRequestIdOf(requestId),
      context: methodCall === undefined
        ? { stage: this.model.stageName, httpMethod: request.method, path: pathOf(request.url), apiId: this.model.apiId }
        : this.templateContext(request, requestId, methodCall),
      methodRequest: methodCall?.methodRequest,
      stageVariables: this.model.stageVariables,
      validationErrorString: failure instanceof ValidationFailure ? failure.validationErrorString : undefined,
    });
    return execution.record(response, failure);
  }
}

/** A gateway response with AWS's default body, for answers given before any API is involved (413, CONNECT). */
export function errorResponse(error: GatewayError, requestId: string): GatewayResponse {
  return new GatewayResponses().answer(error, { requestId, extendedRequestId: extendedRequestIdOf(requestId), stageVariables: {} });
}
