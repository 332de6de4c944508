/**
 * Mapping templates, each kept verbatim in a `.vtl` file beside this module so that VTL's `$`
 * never meets TypeScript string interpolation.
 */
import { readFileSync } from "node:fs";

function load(fileName: string): string {
  return readFileSync(new URL(`./${fileName}`, import.meta.url), "utf8");
}

/**
 * The console's "Method Request passthrough" request template: method, authorizer context, body and
 * every path, query-string and header parameter, as one JSON document.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
export const passthroughTemplate: string = load("passthrough.vtl");

/** Response template of the Lambda route's error response (selected when the function throws). */
export const lambdaErrorTemplate: string = load("lambda-error.vtl");
