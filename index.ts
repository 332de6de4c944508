/**
 * One regional REST API with two routes that share the passthrough request template:
 *   ANY /<lambdaBasePath>/{proxy+} → Lambda custom integration → the echo function
 *   ANY /<httpBasePath>/{proxy+}   → HTTP custom integration   → a public HTTP echo endpoint
 * The configuration is validated before anything is declared.
 */
import { loadStackConfig } from "./config/stack-config.ts";
import { createPassthroughApi } from "./program.ts";

const outputs = createPassthroughApi(loadStackConfig());

// Stable names other stacks read through StackReference; see README "Stack outputs".
export const invokeUrl = outputs.invokeUrl;
export const lambdaRouteUrl = outputs.lambdaRouteUrl;
export const httpRouteUrl = outputs.httpRouteUrl;
export const restApiId = outputs.restApiId;
export const restApiName = outputs.restApiName;
export const stageName = outputs.stageName;
export const executionArn = outputs.executionArn;
export const functionName = outputs.functionName;
export const functionArn = outputs.functionArn;
export const authorizerType = outputs.authorizerType;
export const authorizerIdentitySource = outputs.authorizerIdentitySource;
export const authorizerFunctionName = outputs.authorizerFunctionName;
