/**
 * What API Gateway hands a Lambda authorizer: the identity read from the request's identity sources,
 * the method ARN, and the TOKEN or REQUEST event built from them.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 */
import { valueAtPath } from "../mapping-sources.ts";
import { proxyRequestContext } from "../proxy-request-context.ts";
import type { DeclaredAuthorizer } from "../declared-api.ts";
import { headerValue, lastValues } from "../request-mapping.ts";
import type { MethodRequestData, TemplateContext } from "../vtl/types.ts";

/** Everything about one request that an authorizer may read. */
export interface AuthorizerInput {
  /** The client's method (never ANY). */
  readonly httpMethod: string;
  /** The resource template, e.g. `/lambda/{proxy+}`. */
  readonly resourcePath: string;
  /** The request path below the stage, decoded, e.g. `/lambda/path1/path2`. */
  readonly path: string;
  readonly methodRequest: MethodRequestData;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** The request's `$context`, without an authorizer. */
  readonly context: TemplateContext;
}

/** Where the method ARN points: `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>`. */
export interface StageArn {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stageName: string;
}

/**
 * `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<VERB>/<path>`: the request's own verb and
 * path (values, not the resource template), without the path's leading `/`; `…/GET/` for the root.
 * Which form percent-encoded path bytes take here is not recorded; the path is used decoded.
 */
export function methodArnOf(stage: StageArn, httpMethod: string, path: string): string {
  return `arn:aws:execute-api:${stage.region}:${stage.accountId}:${stage.apiId}/${stage.stageName}/${httpMethod}/${path.slice(1)}`;
}

/**
 * The values of the authorizer's identity sources, in order; undefined when any is missing or empty,
 * which API Gateway answers with 401 without calling the function. Header names match in any case.
 */
export function identityOf(authorizer: DeclaredAuthorizer, input: AuthorizerInput): string[] | undefined {
  const values: string[] = [];
  for (const source of authorizer.identitySources) {
    const value = sourceValue(source, input);
    if (value === undefined || value === "") return undefined;
    values.push(value);
  }
  return values;
}

function sourceValue(source: string, { methodRequest, stageVariables, context }: AuthorizerInput): string | undefined {
  const dot = source.indexOf(".", source.startsWith("method.request.") ? "method.request.".length : 0);
  const [kind, name] = [source.slice(0, dot), source.slice(dot + 1)];
  switch (kind) {
    case "method.request.header": return headerValue(methodRequest.headers, name);
    case "method.request.querystring": return methodRequest.query[name]?.at(-1);
    case "stageVariables": return stageVariables[name];
    case "context": {
      const value = valueAtPath(context, name);
      return value === null || value === undefined || typeof value === "object" ? undefined : String(value);
    }
    default: return undefined;
  }
}

/** A TOKEN authorizer's event: the identity header's whole value and the method ARN. */
export function tokenEvent(token: string, methodArn: string): Record<string, unknown> {
  return { type: "TOKEN", authorizationToken: token, methodArn };
}

/**
 * A REQUEST authorizer's event. Unlike a proxy integration's event, absent maps are `{}`, not null, and
 * a REST API sends no `version`, `identitySource` or `authorizationToken`. Header names keep the case
 * the client sent.
 */
export function requestEvent(input: AuthorizerInput, methodArn: string): Record<string, unknown> {
  const { methodRequest } = input;
  return {
    type: "REQUEST",
    methodArn,
    resource: input.resourcePath,
    path: input.path,
    httpMethod: input.httpMethod,
    headers: lastValues(methodRequest.headers),
    multiValueHeaders: methodRequest.headers,
    queryStringParameters: lastValues(methodRequest.query),
    multiValueQueryStringParameters: methodRequest.query,
    pathParameters: methodRequest.pathParameters,
    stageVariables: input.stageVariables,
    requestContext: proxyRequestContext(input.context),
  };
}
