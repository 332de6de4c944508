/**
 * `ANY /<basePath>/{proxy+}` backed by an http(s) endpoint through an HTTP custom (non-proxy)
 * integration that maps the `{proxy}` path and the declared query strings onto the backend request.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CorsSettings } from "./cors.ts";
import { httpIntegration } from "./http-integration.ts";
import type { LambdaAuthorizer } from "./lambda-authorizer.ts";
import { renderRouteDefinition, type RouteDefinition } from "./integration-spec.ts";
import { declareProxyRoute, type ApiRoute } from "./proxy-route.ts";

export interface HttpCustomRouteArgs {
  /** The REST API the route belongs to. */
  restApi: aws.apigateway.RestApi;
  /** First path segment of the route. */
  basePath: string;
  /**
   * Lambda authorizer every request must pass first.
   * @default - none: the route is open (`authorization: NONE`), as in the article.
   */
  authorizer?: LambdaAuthorizer;
  /**
   * Browser origins allowed to call the route: adds an `OPTIONS` preflight and
   * `Access-Control-Allow-Origin` on its responses.
   * @default - no CORS
   */
  cors?: CorsSettings;
  /** Base URL of the backend; the request's `{proxy}` path is appended. */
  endpoint: string;
  /** The `application/json` request template. */
  requestTemplate: string;
  /**
   * Query-string names declared on the method request and forwarded to the backend.
   * @default []
   */
  queryStrings?: string[];
  /**
   * Integration timeout in milliseconds, 50 to 29000.
   * @default 29000
   */
  timeoutMilliseconds?: number;
}

/**
 * @example
 * new HttpCustomRoute("http", { restApi, basePath: "http", endpoint: "https://httpbin.org/anything",
 *   requestTemplate: passthroughTemplate, queryStrings: ["query1", "query2"] }, { parent });
 */
export class HttpCustomRoute extends pulumi.ComponentResource implements ApiRoute {
  public readonly basePath: string;
  public readonly definition: pulumi.Output<RouteDefinition>;
  public readonly deploymentDependencies: pulumi.Resource[];

  constructor(name: string, args: HttpCustomRouteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("passthrough:routes:HttpCustomRoute", name, {}, opts);
    this.basePath = args.basePath;
    const rendered = renderRouteDefinition(args.basePath, httpIntegration({
      endpoint: args.endpoint,
      requestTemplate: args.requestTemplate,
      queryStrings: args.queryStrings ?? [],
      timeoutMilliseconds: args.timeoutMilliseconds,
    }), { authorizer: args.authorizer?.definition, cors: args.cors });
    const route = declareProxyRoute(name, args.restApi, rendered, this);

    this.definition = pulumi.output(rendered);
    this.deploymentDependencies = [...route.all, ...args.authorizer?.deploymentDependencies ?? []];
    this.registerOutputs({ definition: this.definition });
  }
}
