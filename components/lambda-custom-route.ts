/**
 * `ANY /<basePath>/{proxy+}` backed by a Lambda function through a Lambda custom (non-proxy)
 * integration, with the permission that lets this API, and only this route, invoke the function.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LambdaAuthorizer } from "./lambda-authorizer.ts";
import type { CorsSettings } from "./cors.ts";
import { renderRouteDefinition, type RouteDefinition } from "./integration-spec.ts";
import { lambdaIntegration } from "./lambda-integration.ts";
import { declareProxyRoute, type ApiRoute } from "./proxy-route.ts";

export interface LambdaCustomRouteArgs {
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
  /** The backend function. */
  function: aws.lambda.Function;
  /** The `application/json` request template. */
  requestTemplate: string;
  /** Response template used when the function throws. */
  errorTemplate: string;
  /**
   * Status the client gets when the function throws.
   * @default "502"
   */
  errorStatusCode?: string;
}

/**
 * @example
 * new LambdaCustomRoute("lambda", { restApi, basePath: "lambda", function: fn,
 *   requestTemplate: passthroughTemplate, errorTemplate: lambdaErrorTemplate }, { parent });
 */
export class LambdaCustomRoute extends pulumi.ComponentResource implements ApiRoute {
  public readonly basePath: string;
  public readonly definition: pulumi.Output<RouteDefinition>;
  public readonly deploymentDependencies: pulumi.Resource[];
  public readonly permission: aws.lambda.Permission;

  constructor(name: string, args: LambdaCustomRouteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("passthrough:routes:LambdaCustomRoute", name, {}, opts);
    this.basePath = args.basePath;
    const rendered = renderRouteDefinition(args.basePath, lambdaIntegration({
      invokeArn: args.function.invokeArn,
      requestTemplate: args.requestTemplate,
      errorTemplate: args.errorTemplate,
      errorStatusCode: args.errorStatusCode,
    }), { authorizer: args.authorizer?.definition, cors: args.cors });
    const route = declareProxyRoute(name, args.restApi, rendered, this);

    // Any stage (the console's Test runs as "test-invoke-stage") and any method ("ANY" is not valid
    // in an execute-api ARN), but only this API and this route's paths.
    this.permission = new aws.lambda.Permission(`${name}-invoke`, {
      action: "lambda:InvokeFunction",
      function: args.function.name,
      principal: "apigateway.amazonaws.com",
      sourceArn: pulumi.interpolate`${args.restApi.executionArn}/*/*/${args.basePath}/*`,
    }, { parent: this });

    this.definition = pulumi.output(rendered);
    this.deploymentDependencies = [...route.all, this.permission, ...args.authorizer?.deploymentDependencies ?? []];
    this.registerOutputs({ definition: this.definition });
  }
}
