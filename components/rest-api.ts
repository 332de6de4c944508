/**
 * A regional API Gateway REST API, its routes, and one stage: the deployment snapshot the stage
 * serves, stage-wide throttling and optional JSON access logs.
 */
import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { GatewayResponseSpec } from "./cors.ts";
import type { RouteDefinition } from "./integration-spec.ts";
import type { ApiRoute } from "./proxy-route.ts";

export interface RestApiArgs {
  /**
   * Description shown in the API Gateway console.
   * @default - none
   */
  description?: string;
  /** Name of the stage; the first path segment of every URL. */
  stageName: string;
  /**
   * Stage-wide throttling applied to every method (`*\/*`).
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
   */
  throttling: { rateLimit: number; burstLimit: number };
  /**
   * Write a JSON access-log line per request to a log group kept this many days. The region's API
   * Gateway account settings must name a CloudWatch role first.
   * @default - no access logs
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
   */
  accessLogRetentionDays?: number;
  /** Declares the routes once the API exists; each route is created as a child of `parent`. */
  routes: (restApi: aws.apigateway.RestApi, parent: pulumi.Resource) => ApiRoute[];
  /**
   * Customized gateway responses: how API Gateway answers its own errors (e.g. CORS headers on
   * DEFAULT_4XX and DEFAULT_5XX).
   * @default - none: API Gateway's defaults
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
   */
  gatewayResponses?: GatewayResponseSpec[];
}

/** One access-log line: the request, its result and both latencies, as JSON. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  path: "$context.path",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
});

/**
 * @example
 * const api = new RestApi("passthrough", {
 *   stageName: "dev", throttling: { rateLimit: 20, burstLimit: 10 },
 *   routes: (restApi, parent) => [new HttpCustomRoute("http", { restApi, ... }, { parent })],
 * });
 */
export class RestApi extends pulumi.ComponentResource {
  public readonly restApiId: pulumi.Output<string>;
  /** The API's name, which CloudWatch uses as the `ApiName` metric dimension. */
  public readonly restApiName: pulumi.Output<string>;
  public readonly executionArn: pulumi.Output<string>;
  public readonly stageName: pulumi.Output<string>;
  /** `https://<id>.execute-api.<region>.amazonaws.com/<stage>` */
  public readonly invokeUrl: pulumi.Output<string>;
  /** Invoke URL of each route's base path, by base path. */
  public readonly routeUrls: Record<string, pulumi.Output<string>>;
  /** Hash of every route definition; the deployment is replaced when it changes. */
  public readonly deploymentHash: pulumi.Output<string>;

  constructor(name: string, args: RestApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("passthrough:api:RestApi", name, {}, opts);
    const restApi = new aws.apigateway.RestApi(name, {
      description: args.description,
      endpointConfiguration: { types: "REGIONAL" },
    }, { parent: this });
    const routes = args.routes(restApi, this);
    assertDistinctBasePaths(name, routes);

    const gatewayResponses = (args.gatewayResponses ?? []).map((response) => new aws.apigateway.Response(`${name}-${response.responseType.toLowerCase()}`, {
      // Unlike its siblings, Response takes the API's id as `restApiId`.
      restApiId: restApi.id,
      ...response,
    }, { parent: this }));

    this.deploymentHash = pulumi.all(routes.map((r) => r.definition)).apply(hashDefinitions);
    // A deployment is a snapshot: only a new one publishes changed routes or gateway responses. Pulumi
    // replaces it create-before-delete, so the stage moves to the new one before the old one goes.
    const deployment = new aws.apigateway.Deployment(name, {
      restApi: restApi.id,
      description: "Managed by Pulumi; replaced when a route or gateway response changes.",
      triggers: {
        routes: this.deploymentHash,
        ...(gatewayResponses.length === 0 ? {} : { gatewayResponses: hashDefinitions(args.gatewayResponses ?? []) }),
      },
    }, { parent: this, dependsOn: [...routes.flatMap((r) => r.deploymentDependencies), ...gatewayResponses] });

    const stage = new aws.apigateway.Stage(name, {
      restApi: restApi.id,
      deployment: deployment.id,
      stageName: args.stageName,
      accessLogSettings: this.accessLogSettings(name, args.accessLogRetentionDays),
    }, { parent: this });
    new aws.apigateway.MethodSettings(name, {
      restApi: restApi.id,
      stageName: stage.stageName,
      methodPath: "*/*",
      settings: {
        throttlingRateLimit: args.throttling.rateLimit,
        throttlingBurstLimit: args.throttling.burstLimit,
        // Execution logs need the same account-wide role as access logs and can log bodies; left off.
        loggingLevel: "OFF",
        metricsEnabled: false,
      },
    }, { parent: this });

    this.restApiId = restApi.id;
    this.restApiName = restApi.name;
    this.executionArn = restApi.executionArn;
    this.stageName = stage.stageName;
    this.invokeUrl = stage.invokeUrl;
    this.routeUrls = Object.fromEntries(
      routes.map((r) => [r.basePath, pulumi.interpolate`${stage.invokeUrl}/${r.basePath}`]),
    );
    this.registerOutputs({
      restApiId: this.restApiId,
      restApiName: this.restApiName,
      executionArn: this.executionArn,
      stageName: this.stageName,
      invokeUrl: this.invokeUrl,
      routeUrls: this.routeUrls,
    });
  }

  private accessLogSettings(name: string, retentionDays: number | undefined) {
    if (retentionDays === undefined) return undefined;
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-access`, {
      namePrefix: `/aws/apigateway/${name}-access-`,
      retentionInDays: retentionDays,
    }, { parent: this });
    return { destinationArn: logGroup.arn, format: ACCESS_LOG_FORMAT };
  }
}

/** A stable SHA-256 of route definitions (or gateway responses), independent of object key order. */
export function hashDefinitions(definitions: RouteDefinition[] | GatewayResponseSpec[]): string {
  return createHash("sha256").update(stableJson(definitions)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function assertDistinctBasePaths(name: string, routes: ApiRoute[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.basePath)) {
      throw new Error(`RestApi "${name}": two routes use the base path "${route.basePath}"`);
    }
    seen.add(route.basePath);
  }
}
