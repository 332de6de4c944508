/**
 * One regional REST API with two routes that share the passthrough request template:
 *   ANY /<lambdaBasePath>/{proxy+} → Lambda custom integration → the echo function
 *   ANY /<httpBasePath>/{proxy+}   → HTTP custom integration   → a public HTTP echo endpoint
 */
import { fileURLToPath } from "node:url";
import { HttpCustomRoute } from "./components/http-custom-route.ts";
import { LambdaCustomRoute } from "./components/lambda-custom-route.ts";
import { NodejsFunction } from "./components/nodejs-function.ts";
import { RestApi } from "./components/rest-api.ts";
import { loadStackConfig } from "./config/stack-config.ts";
import { lambdaErrorTemplate, passthroughTemplate } from "./templates/index.ts";

const config = loadStackConfig();

const backend = new NodejsFunction("echo", {
  entry: fileURLToPath(new URL("./handlers/echo.ts", import.meta.url)),
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

// Stable names other stacks read through StackReference; see README "Stack outputs".
export const invokeUrl = api.invokeUrl;
export const lambdaRouteUrl = api.routeUrls[config.lambdaBasePath];
export const httpRouteUrl = api.routeUrls[config.httpBasePath];
export const restApiId = api.restApiId;
export const stageName = api.stageName;
export const executionArn = api.executionArn;
export const functionName = backend.functionName;
export const functionArn = backend.functionArn;
