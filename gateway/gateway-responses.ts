/**
 * Gateway responses: how API Gateway answers its own errors (missing route, authorizer, validation,
 * throttling, integration failures). A program customizes them per type (`aws.apigateway.Response`);
 * an error whose type is not customized takes DEFAULT_4XX's or DEFAULT_5XX's customization, else AWS's
 * default. A customized body template is not VTL: only `$context.*` and `$stageVariables.*` are
 * substituted.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
import type { GatewayError } from "./errors.ts";
import { literalOrStageVariable, valueAtPath } from "./mapping-sources.ts";
import { headerValue } from "./request-mapping.ts";
import type { GatewayResponse } from "./types.ts";
import type { MethodRequestData } from "./vtl/types.ts";

/** One customized gateway response, as the program declared it. */
export interface DeclaredGatewayResponse {
  readonly responseType: string;
  /** @default - the type's own status */
  readonly statusCode?: number;
  /** Body templates by content type, lowercased. */
  readonly templates: ReadonlyMap<string, string>;
  /** `[gatewayresponse.header.<Name>, source]` pairs. */
  readonly parameters: readonly (readonly [string, string])[];
}

/** What an error's answer may read about the request; the later the failure, the more there is. */
export interface ErrorFacts {
  readonly requestId: string;
  readonly extendedRequestId: string;
  /** The request's `$context`, once the method is known. */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly methodRequest?: MethodRequestData;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** What a request validator found (`$context.error.validationErrorString`). */
  readonly validationErrorString?: string;
}

/** Types API Gateway does not let a program customize. */
const FIXED_TYPES = new Set(["REQUEST_TOO_LARGE"]);

export class GatewayResponses {
  private readonly byType: ReadonlyMap<string, DeclaredGatewayResponse>;

  constructor(customized: readonly DeclaredGatewayResponse[] = []) {
    this.byType = new Map(customized.map((response) => [response.responseType, response]));
  }

  /** The client's answer to `error`. */
  answer(error: GatewayError, facts: ErrorFacts): GatewayResponse {
    const custom = this.customization(error);
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "x-amzn-RequestId": facts.requestId,
      "x-amzn-ErrorType": error.errorType,
      "x-amz-apigw-id": facts.extendedRequestId,
    };
    if (custom === undefined) return { status: error.status, headers, body: error.body };
    for (const [target, source] of custom.parameters) {
      const name = /^gatewayresponse\.header\.(.+)$/.exec(target)?.[1];
      const value = name === undefined ? undefined : parameterValue(source, facts);
      if (name !== undefined && value !== undefined) headers[name] = value;
    }
    // A customization that only sets headers or a status keeps the default body (AWS's own bytes).
    const template = custom.templates.get("application/json") ?? custom.templates.values().next().value;
    const body = template === undefined ? error.body : substitute(template, error, facts);
    return { status: custom.statusCode ?? error.status, headers, body };
  }

  private customization(error: GatewayError): DeclaredGatewayResponse | undefined {
    if (FIXED_TYPES.has(error.responseType)) return undefined;
    return this.byType.get(error.responseType) ?? this.byType.get(error.status < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX");
  }
}

/** `$context.error.*` for one error; `messageString` is the message as a JSON value (quoted, or `null`). */
function errorVariables(error: GatewayError, facts: ErrorFacts): Record<string, unknown> {
  return {
    message: error.message ?? "",
    messageString: JSON.stringify(error.message),
    responseType: error.responseType,
    validationErrorString: facts.validationErrorString ?? "",
  };
}

/** Replaces `$context.a.b`, `${context.a.b}` and `$stageVariables.x` references; unknown ones become "". */
function substitute(template: string, error: GatewayError, facts: ErrorFacts): string {
  const context = { ...facts.context, requestId: facts.requestId, extendedRequestId: facts.extendedRequestId, error: errorVariables(error, facts) };
  return template.replace(/\$\{?(context|stageVariables)((?:\.[A-Za-z0-9_-]+)+)\}?/g, (_, root: string, path: string) => {
    const value = valueAtPath(root === "context" ? context : facts.stageVariables, path.slice(1));
    return value === null || value === undefined || typeof value === "object" ? "" : String(value);
  });
}

function parameterValue(source: string, facts: ErrorFacts): string | undefined {
  const shared = literalOrStageVariable(source, facts.stageVariables);
  if (shared !== undefined) return shared;
  const [, kind, name] = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(source) ?? [];
  const request = facts.methodRequest;
  if (kind !== undefined && request !== undefined) {
    if (kind === "header") return headerValue(request.headers, name);
    return kind === "querystring" ? request.query[name]?.at(-1) : request.pathParameters[name];
  }
  if (source.startsWith("context.")) {
    const value = valueAtPath({ ...facts.context, requestId: facts.requestId }, source.slice("context.".length));
    return value === null || value === undefined ? undefined : String(value);
  }
  return undefined;
}
