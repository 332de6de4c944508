/**
 * API Gateway's request pipeline for non-proxy integrations, as a pure function of a request:
 * route → method request → request template → integration → integration response → method response.
 * `server.ts` adapts it to node:http; tests and test-invoke call {@link Gateway.handle} directly.
 */
import { randomUUID } from "node:crypto";
import { GATEWAY_ERRORS, GatewayFailure, type GatewayError } from "./errors.ts";
import { HttpIntegration } from "./integrations/http.ts";
import { LambdaIntegration } from "./integrations/lambda.ts";
import type { ApiModel, IntegrationModel, MethodModel } from "./model.ts";
import { headerValue, mapRequestParameters, parseTarget, readHeaders, selectRequestTransform } from "./request-mapping.ts";
import { mapResponse } from "./response-mapping.ts";
import { Router } from "./router.ts";
import type { ExecutionRecord, GatewayRequest, GatewayResponse, Integration, IntegrationCall, IntegrationResult } from "./types.ts";
import { buildTemplateContext } from "./vtl/context.ts";
import { TemplateInput } from "./vtl/input.ts";
import type { MethodRequestData, TemplateContext } from "./vtl/types.ts";
import { templateUtil } from "./vtl/util.ts";

/** API Gateway's payload quota. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** One request on its way through the pipeline: what it learns is kept when a later step fails. */
class Execution {
  readonly requestId = randomUUID();
  readonly started = performance.now();
  readonly requestTime = new Date();
  route?: MethodModel;
  methodRequest?: MethodRequestData;
  call?: IntegrationCall;
  integrationStarted = 0;
  private integration?: Pick<ExecutionRecord, "endpointRequest" | "integrationResult" | "integrationLatencyMs">;

  constructor(private readonly request: GatewayRequest) {}

  integrationEnded(result: IntegrationResult): void {
    this.integration = { endpointRequest: result.endpointRequest, integrationResult: result, integrationLatencyMs: performance.now() - this.integrationStarted };
  }

  record(response: GatewayResponse, failure?: string): ExecutionRecord {
    return {
      requestId: this.requestId, request: this.request, requestTime: this.requestTime, method: this.request.method, path: pathOf(this.request.url),
      resourcePath: this.route?.resourcePath, route: this.route, methodRequest: this.methodRequest, integrationCall: this.call, ...this.integration,
      response, latencyMs: performance.now() - this.started, ...(failure === undefined ? {} : { failure }),
    };
  }

  /** The record of a request the gateway answers itself. */
  failed(err: unknown): ExecutionRecord {
    const failure = err instanceof GatewayFailure ? err : new GatewayFailure(GATEWAY_ERRORS.internalServerError, String(err));
    return this.record(errorResponse(failure.error, this.requestId), failure.detail);
  }
}

/** A request mapped onto its integration, waiting for the backend. */
interface Exchange {
  readonly method: MethodModel;
  readonly integration: IntegrationModel;
  readonly backend: Integration;
  readonly call: IntegrationCall;
  readonly methodRequest: MethodRequestData;
  /** The request template's `$context`. */
  readonly context: TemplateContext;
  readonly requestTime: Date;
}

export interface GatewayOptions {
  /** `$context.domainName` when the client sends no Host. @default "127.0.0.1" */
  readonly domainName?: string;
}

export class Gateway {
  private readonly router: Router;
  private readonly integrations = new Map<IntegrationModel, Integration>();

  constructor(readonly model: ApiModel, private readonly options: GatewayOptions = {}) {
    this.router = Router.fromModel(model);
    for (const resource of model.resources) {
      for (const method of resource.methods.values()) {
        if (method.integration) this.integrations.set(method.integration, this.integrationFor(method.integration));
      }
    }
  }

  /** Loads every Lambda handler now, so a broken bundle fails at start rather than on a request. */
  async warmUp(): Promise<void> {
    for (const integration of this.integrations.values()) {
      if (integration instanceof LambdaIntegration) await integration.load();
    }
  }

  /**
   * Runs one request through the pipeline; never rejects. Everything but the integration call is
   * synchronous, so a request costs one promise of the pipeline's own.
   */
  handle(request: GatewayRequest): Promise<ExecutionRecord> {
    const execution = new Execution(request);
    let exchange: Exchange;
    let backendResponse: Promise<IntegrationResult>;
    try {
      exchange = this.integrationRequest(request, execution);
      execution.integrationStarted = performance.now();
      backendResponse = exchange.backend.invoke(exchange.call);
    } catch (err) {
      return Promise.resolve(execution.failed(err));
    }
    return backendResponse.then((result) => {
      execution.integrationEnded(result);
      try {
        return execution.record(this.methodResponse(request, exchange, result));
      } catch (err) {
        return execution.failed(err);
      }
    }, (err: unknown) => execution.failed(err));
  }

  /** Route, method request and request mapping: everything up to calling the integration. */
  private integrationRequest(request: GatewayRequest, execution: Execution): Exchange {
    const requestId = execution.requestId;
    if (request.body.length > MAX_BODY_BYTES) throw new GatewayFailure(GATEWAY_ERRORS.requestTooLarge, "body above 10 MB");
    const target = parseTarget(request.url);
    const match = this.router.match(request.method, target.segments);
    if (match === undefined) throw new GatewayFailure(GATEWAY_ERRORS.missingAuthenticationToken, `no ${request.method} method at ${pathOf(request.url)}`);
    const method = match.method;
    execution.route = method;
    const integration = method.integration;
    if (!integration) throw new GatewayFailure(GATEWAY_ERRORS.internalServerError, `no integration defined for ${method.httpMethod} ${method.resourcePath}`);

    const traceId = traceIdOf(requestId);
    const headers = readHeaders(request.rawHeaders);
    addForwardedHeaders(headers, request, traceId);
    const methodRequest: MethodRequestData = { body: request.body.toString("utf8"), pathParameters: match.pathParameters, query: target.query, headers };
    execution.methodRequest = methodRequest;
    const requestTime = execution.requestTime;
    const context = this.templateContext(request, requestId, method, headers, requestTime);
    const call = this.integrationCall(integration, methodRequest, context, { requestId, traceId, clientMethod: request.method });
    execution.call = call;
    return { method, integration, backend: this.integrations.get(integration)!, call, methodRequest, context, requestTime };
  }

  /** Integration response → method response, with API Gateway's own headers. */
  private methodResponse(request: GatewayRequest, exchange: Exchange, result: IntegrationResult): GatewayResponse {
    const { method, integration, call, context, requestTime } = exchange;
    const headers = exchange.methodRequest.headers;
    // Response templates get a $context of their own: the request template may have set overrides in the first.
    const responseContext = this.templateContext.bind(this, request, call.requestId, method, headers, requestTime);
    const mapped = mapResponse(method, integration, result, headerValue(headers, "Accept"), responseContext, this.model.stageVariables);
    return {
      status: mapped.status,
      headers: {
        "Content-Type": "application/json", ...mapped.headers,
        "x-amzn-RequestId": call.requestId, "x-amz-apigw-id": String(context.extendedRequestId), "X-Amzn-Trace-Id": call.traceId,
      },
      body: request.method === "HEAD" ? "" : mapped.body,
    };
  }

  /** Template selection and rendering, then parameter mapping: the integration request. */
  private integrationCall(
    integration: IntegrationModel, methodRequest: MethodRequestData, context: TemplateContext,
    ids: Pick<IntegrationCall, "requestId" | "traceId" | "clientMethod">,
  ): IntegrationCall {
    const contentType = headerValue(methodRequest.headers, "Content-Type");
    const transform = selectRequestTransform(integration, contentType);
    const stageVariables = this.model.stageVariables;
    const rendered = "template" in transform
      ? transform.template.render({ input: new TemplateInput(methodRequest), context, stageVariables, util: templateUtil })
      : undefined;
    return {
      ...ids,
      clientContentType: contentType,
      body: rendered?.text ?? methodRequest.body,
      parameters: mapRequestParameters(integration.requestParameters, { request: methodRequest, context, stageVariables }, rendered?.requestOverride),
    };
  }

  private templateContext(
    request: GatewayRequest, requestId: string, method: MethodModel, headers: MethodRequestData["headers"], requestTime: Date,
  ): TemplateContext {
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
      domainName: host.split(":")[0],
      resourceId: method.resourceId,
    });
  }

  private integrationFor(integration: IntegrationModel): Integration {
    if (integration.type === "AWS" && integration.lambda) {
      return new LambdaIntegration(integration.lambda, this.model.region, this.model.apiId, integration.timeoutMs);
    }
    if (integration.type === "HTTP") {
      return new HttpIntegration({
        uri: integration.uri, integrationHttpMethod: integration.integrationHttpMethod,
        timeoutMs: integration.timeoutMs, apiId: this.model.apiId,
      });
    }
    return { invoke: () => Promise.reject(new GatewayFailure(GATEWAY_ERRORS.internalServerError, `integration type ${integration.type} (${integration.uri}) is not emulated`)) };
  }
}

/** A gateway response: `{"message": …}` and `x-amzn-ErrorType`, no trace id. */
export function errorResponse(error: GatewayError, requestId: string): GatewayResponse {
  return {
    status: error.status,
    headers: {
      "Content-Type": "application/json",
      "x-amzn-RequestId": requestId,
      "x-amzn-ErrorType": error.errorType,
      "x-amz-apigw-id": extendedRequestIdOf(requestId),
    },
    body: JSON.stringify({ message: error.message }),
  };
}

/** API Gateway's extended request id is 15 characters and "="; derived from the request id, so no second random draw. */
function extendedRequestIdOf(requestId: string): string {
  return `${requestId.slice(0, 8)}${requestId.slice(9, 13)}${requestId.slice(14, 17)}=`;
}

let epochSecond = 0;
let epochSecondHex = "";

/** An X-Ray trace header (`Root=1-<epoch seconds hex>-<24 hex>`), its random part taken from the request id. */
function traceIdOf(requestId: string): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== epochSecond) {
    epochSecond = second;
    epochSecondHex = second.toString(16);
  }
  return `Root=1-${epochSecondHex}-${requestId.slice(9, 13)}${requestId.slice(14, 18)}${requestId.slice(19, 23)}${requestId.slice(24)}`;
}

/** The headers a Regional API adds before the template sees them. */
function addForwardedHeaders(headers: Record<string, string[]>, request: GatewayRequest, traceId: string): void {
  const forwardedFor = headerValue(headers, "X-Forwarded-For");
  headers["X-Forwarded-For"] = [forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp];
  headers["X-Forwarded-Port"] = [String(request.localPort)];
  headers["X-Forwarded-Proto"] = ["http"];
  headers["X-Amzn-Trace-Id"] = [traceId];
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}
