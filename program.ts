/**
 * The whole program as one function of the stack's configuration, so that `index.ts` only wires
 * config to it and exports, and tests can declare the API twice and compare.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { corsGatewayResponses, type CorsSettings } from "./components/cors.ts";
import { HttpCustomRoute } from "./components/http-custom-route.ts";
import { LambdaAuthorizer } from "./components/lambda-authorizer.ts";
import { LambdaCustomRoute } from "./components/lambda-custom-route.ts";
import { NodejsFunction } from "./components/nodejs-function.ts";
import type { ApiRoute } from "./components/proxy-route.ts";
import { RestApi } from "./components/rest-api.ts";
import type { StackConfig } from "./config/stack-config.ts";
import { lambdaErrorTemplate, passthroughTemplate } from "./templates/index.ts";

/** The stack outputs, by the names other stacks read. */
export interface PassthroughApiOutputs {
  invokeUrl: pulumi.Output<string>;
  lambdaRouteUrl: pulumi.Output<string>;
  httpRouteUrl: pulumi.Output<string>;
  restApiId: pulumi.Output<string>;
  /** The API's name: the `ApiName` dimension of its CloudWatch metrics. */
  restApiName: pulumi.Output<string>;
  stageName: pulumi.Output<string>;
  executionArn: pulumi.Output<string>;
  functionName: pulumi.Output<string>;
  functionArn: pulumi.Output<string>;
  /** `none`, `token` or `request`: what a client must present. */
  authorizerType: string;
  /** Where the authorizer reads the identity, e.g. `method.request.header.Authorization`; absent without one. */
  authorizerIdentitySource?: string;
  /** The authorizer's function, for its logs and alarms; absent without an authorizer. */
  authorizerFunctionName?: pulumi.Output<string>;
}

const projectDir = path.dirname(fileURLToPath(import.meta.url));

export function createPassthroughApi(config: StackConfig): PassthroughApiOutputs {
  const backend = new NodejsFunction("echo", {
    entry: path.join(projectDir, "handlers", "echo.ts"),
    outDir: path.join(projectDir, ".build", "lambda", "echo"),
    description: "Returns the event the passthrough template built.",
    timeoutSeconds: config.lambdaTimeoutSeconds,
    memoryMb: config.lambdaMemoryMb,
    logRetentionDays: config.logRetentionDays,
  });

  const cors = config.corsAllowOrigins.length === 0 ? undefined : { allowOrigins: config.corsAllowOrigins };
  // The authorizer belongs to the API, so it is declared with the routes, once the API exists.
  const declared: { authorizer?: LambdaAuthorizer } = {};
  const api = new RestApi("passthrough", {
    description: "Passes request data to a Lambda function and an HTTP endpoint through custom integrations.",
    stageName: config.stageName,
    throttling: { rateLimit: config.throttlingRateLimit, burstLimit: config.throttlingBurstLimit },
    accessLogRetentionDays: config.accessLogs ? config.logRetentionDays : undefined,
    gatewayResponses: cors && corsGatewayResponses(cors),
    routes: (restApi, parent) => {
      declared.authorizer = declareAuthorizer(config, restApi, parent);
      return declareRoutes(config, { restApi, parent, backend, authorizer: declared.authorizer, cors });
    },
  });
  const { authorizer } = declared;

  return {
    invokeUrl: api.invokeUrl,
    lambdaRouteUrl: api.routeUrls[config.lambdaBasePath],
    httpRouteUrl: api.routeUrls[config.httpBasePath],
    restApiId: api.restApiId,
    restApiName: api.restApiName,
    stageName: api.stageName,
    executionArn: api.executionArn,
    functionName: backend.functionName,
    functionArn: backend.functionArn,
    authorizerType: config.authorizer,
    authorizerIdentitySource: authorizer && config.authorizerIdentitySource,
    authorizerFunctionName: authorizer?.functionName,
  };
}

/** The Lambda authorizer the config asks for, running the demonstration handler; none for `authorizer: none`. */
function declareAuthorizer(config: StackConfig, restApi: aws.apigateway.RestApi, parent: pulumi.Resource): LambdaAuthorizer | undefined {
  if (config.authorizer === "none") return undefined;
  return new LambdaAuthorizer("authorizer", {
    restApi,
    type: config.authorizer === "token" ? "TOKEN" : "REQUEST",
    identitySource: config.authorizerIdentitySource,
    resultTtlInSeconds: config.authorizerCacheTtlSeconds,
    validationExpression: config.authorizerValidationExpression || undefined,
    function: {
      entry: path.join(projectDir, "handlers", "authorizer.ts"),
      outDir: path.join(projectDir, ".build", "lambda", "authorizer"),
      description: "Demonstration authorizer: trusts the words allow, deny and unauthorized.",
      timeoutSeconds: config.lambdaTimeoutSeconds,
      memoryMb: config.lambdaMemoryMb,
      logRetentionDays: config.logRetentionDays,
    },
  }, { parent });
}

interface RouteTargets {
  restApi: aws.apigateway.RestApi;
  parent: pulumi.Resource;
  backend: NodejsFunction;
  authorizer?: LambdaAuthorizer;
  cors?: CorsSettings;
}

/** The article's two routes, sharing the passthrough template (and the authorizer and CORS, when configured). */
function declareRoutes(config: StackConfig, { restApi, parent, backend, authorizer, cors }: RouteTargets): ApiRoute[] {
  return [
    new LambdaCustomRoute("lambda", {
      restApi,
      basePath: config.lambdaBasePath,
      authorizer,
      cors,
      function: backend.function,
      requestTemplate: passthroughTemplate,
      errorTemplate: lambdaErrorTemplate,
    }, { parent }),
    new HttpCustomRoute("http", {
      restApi,
      basePath: config.httpBasePath,
      authorizer,
      cors,
      endpoint: config.echoEndpoint,
      requestTemplate: passthroughTemplate,
      queryStrings: config.httpQueryStrings,
      timeoutMilliseconds: config.httpTimeoutMs,
    }, { parent }),
  ];
}
