/**
 * What an integration variant (Lambda, HTTP or MOCK) contributes to a route, and the route definition
 * rendered from it. The same rendered objects are passed to the API Gateway resources and hashed into
 * the deployment's triggers, so any change to a route redeploys the stage and nothing else does.
 */
import type * as pulumi from "@pulumi/pulumi";
import { corsPreflight, withCorsHeaders, type CorsSettings } from "./cors.ts";

/**
 * How a request whose Content-Type has no template is handled.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
 */
export type PassthroughBehavior = "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

/** One integration response: which backend outcome it selects and what the client then gets. */
export interface IntegrationResponseSpec {
  /** Method response status code the client gets. */
  statusCode: string;
  /**
   * Java regex matched against the whole Lambda `errorMessage` (empty on success) or the HTTP status code.
   * @default - none: the default response, selected when no other pattern matches.
   */
  selectionPattern?: string;
  /**
   * Response templates by content type.
   * @default - none: the integration response body passes through unchanged.
   */
  responseTemplates?: Record<string, string>;
  /**
   * `method.response.header.<Name>` → a `'static'` value or an `integration.response.*` source; the
   * method response declares each header.
   * @default - none
   */
  responseParameters?: Record<string, string>;
}

/** The part of a route an integration variant decides (AWS CDK's `IntegrationConfig`). */
export interface IntegrationSpec {
  /** `AWS` for a Lambda custom integration, `HTTP` for an HTTP custom integration, `MOCK` for none. */
  type: "AWS" | "HTTP" | "MOCK";
  /** Method of the request API Gateway sends to the backend; none for MOCK. */
  integrationHttpMethod?: string;
  /** Backend address: a Lambda invoke ARN or an http(s) URL with `{name}` path placeholders; none for MOCK. */
  uri?: pulumi.Input<string>;
  passthroughBehavior: PassthroughBehavior;
  /** Request templates by content type. */
  requestTemplates: Record<string, string>;
  /** `method.request.*` parameters the method declares; `true` marks a required one. */
  methodRequestParameters: Record<string, boolean>;
  /** `integration.request.*` targets mapped from `method.request.*` sources. */
  requestParameters: Record<string, string>;
  /**
   * Integration timeout in milliseconds.
   * @default - 29000, API Gateway's default.
   */
  timeoutMilliseconds?: number;
  /** Integration responses; exactly one has no `selectionPattern`. */
  responses: IntegrationResponseSpec[];
}

/**
 * A Lambda authorizer as a protected method refers to it: its id and the settings passed to
 * `aws.apigateway.Authorizer`. Its settings are part of the route definition because a changed
 * authorizer takes effect only in a new deployment.
 */
export interface AuthorizerDefinition {
  id: pulumi.Input<string>;
  type: "TOKEN" | "REQUEST";
  /** The function's invoke ARN. */
  authorizerUri: pulumi.Input<string>;
  identitySource: string;
  authorizerResultTtlInSeconds: number;
  identityValidationExpression?: string;
}

/** One method of a route: its request, authorization, integration and responses. */
export interface MethodDefinition {
  /** `ANY` for the route itself, `OPTIONS` for its CORS preflight. */
  httpMethod: "ANY" | "OPTIONS";
  /** `CUSTOM` when a Lambda authorizer protects the method. */
  authorization: "NONE" | "CUSTOM";
  authorizer?: AuthorizerDefinition;
  requestParameters: Record<string, boolean>;
  integration: {
    type: IntegrationSpec["type"];
    integrationHttpMethod?: string;
    uri?: pulumi.Input<string>;
    passthroughBehavior: PassthroughBehavior;
    requestTemplates: Record<string, string>;
    requestParameters: Record<string, string>;
    timeoutMilliseconds?: number;
  };
  responses: IntegrationResponseSpec[];
}

/** Everything API Gateway is told about one `/<basePath>/{proxy+}` route. */
export interface RouteDefinition {
  /** Path parts below the API root, e.g. `["lambda", "{proxy+}"]`. */
  pathParts: string[];
  /** `ANY`, and `OPTIONS` when the route answers CORS preflights. */
  methods: MethodDefinition[];
}

export interface RouteOptions {
  /** @default - none: the route is open. */
  authorizer?: AuthorizerDefinition;
  /** @default - none: no preflight, no CORS headers. */
  cors?: CorsSettings;
}

/**
 * Renders the route for a greedy proxy resource under `basePath`: `ANY` with the integration (behind the
 * authorizer, when there is one), and with CORS an open `OPTIONS` preflight, since browsers send
 * preflights without credentials.
 */
export function renderRouteDefinition(basePath: string, spec: IntegrationSpec, options: RouteOptions = {}): RouteDefinition {
  const { authorizer, cors } = options;
  const main = renderMethod(basePath, "ANY", cors ? withCorsHeaders(spec, cors) : spec, authorizer);
  return {
    pathParts: [basePath, "{proxy+}"],
    methods: cors ? [main, renderMethod(basePath, "OPTIONS", corsPreflight(cors))] : [main],
  };
}

function renderMethod(basePath: string, httpMethod: MethodDefinition["httpMethod"], spec: IntegrationSpec, authorizer?: AuthorizerDefinition): MethodDefinition {
  const defaults = spec.responses.filter((r) => r.selectionPattern === undefined || r.selectionPattern === "");
  if (defaults.length !== 1) {
    throw new Error(`route "${basePath}" ${httpMethod}: expected exactly one default integration response; got ${defaults.length}`);
  }
  return {
    httpMethod,
    ...(authorizer === undefined ? { authorization: "NONE" } : { authorization: "CUSTOM", authorizer }),
    requestParameters: spec.methodRequestParameters,
    integration: {
      type: spec.type,
      integrationHttpMethod: spec.integrationHttpMethod,
      uri: spec.uri,
      passthroughBehavior: spec.passthroughBehavior,
      requestTemplates: spec.requestTemplates,
      requestParameters: spec.requestParameters,
      timeoutMilliseconds: spec.timeoutMilliseconds,
    },
    responses: spec.responses,
  };
}
