/**
 * Lambda custom (non-proxy) integration: API Gateway renders the request template into the event,
 * invokes the function synchronously, and maps a thrown error to an error status.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
 */
import type * as pulumi from "@pulumi/pulumi";
import type { IntegrationSpec } from "./integration-spec.ts";

export interface LambdaIntegrationOptions {
  /** The function's invoke ARN (`aws.lambda.Function.invokeArn`). */
  invokeArn: pulumi.Input<string>;
  /** The `application/json` request template. */
  requestTemplate: string;
  /** Response template of the error response, rendered from Lambda's error document. */
  errorTemplate: string;
  /**
   * Status the client gets when the function throws.
   * @default "502"
   */
  errorStatusCode?: string;
}

/**
 * Matches any non-empty `errorMessage`, newlines included; a successful invocation has an empty one
 * and falls to the default 200 response. Without it API Gateway returns a thrown error as 200.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html
 */
export const LAMBDA_ERROR_PATTERN = "(\\n|.)+";

export function lambdaIntegration(options: LambdaIntegrationOptions): IntegrationSpec {
  return {
    type: "AWS",
    // Lambda's Invoke API is always a POST, whatever the client's method.
    integrationHttpMethod: "POST",
    uri: options.invokeArn,
    passthroughBehavior: "WHEN_NO_TEMPLATES",
    requestTemplates: { "application/json": options.requestTemplate },
    methodRequestParameters: { "method.request.path.proxy": true },
    requestParameters: {},
    responses: [
      { statusCode: "200" },
      {
        statusCode: options.errorStatusCode ?? "502",
        selectionPattern: LAMBDA_ERROR_PATTERN,
        responseTemplates: { "application/json": options.errorTemplate },
      },
    ],
  };
}
