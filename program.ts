/**
 * The whole program as one function of the stack's configuration, so that `index.ts` only wires
 * config to it and exports, and tests can declare the API twice and compare.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type * as pulumi from "@pulumi/pulumi";
import { HttpCustomRoute } from "./components/http-custom-route.ts";
import { LambdaCustomRoute } from "./components/lambda-custom-route.ts";
import { NodejsFunction } from "./components/nodejs-function.ts";
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

  const api = new RestApi("passthrough", {
    description: "Passes request data to a Lambda function and an HTTP endpoint through custom integrations.",
    stageName: config.stageName,
    throttling: { rateLimit: config.throttlingRateLimit, burstLimit: config.throttlingBurstLimit },
    accessLogRetentionDays: config.accessLogs ? config.logRetentionDays : undefined,
    routes: (restApi, parent) => [
      new LambdaCustomRoute("lambda", {
        restApi,
        basePath: config.lambdaBasePath,
        function: backend.function,
        requestTemplate: passthroughTemplate,
        errorTemplate: lambdaErrorTemplate,
      }, { parent }),
      new HttpCustomRoute("http", {
        restApi,
        basePath: config.httpBasePath,
        endpoint: config.echoEndpoint,
        requestTemplate: passthroughTemplate,
        queryStrings: config.httpQueryStrings,
        timeoutMilliseconds: config.httpTimeoutMs,
      }, { parent }),
    ],
  });

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
  };
}
