/**
 * The backend of the Lambda custom-integration route: it logs the event API Gateway built from the
 * passthrough template and returns it, so the caller sees exactly what reached the function.
 */
import type { Context } from "aws-lambda";

/** What the function returns; with a custom integration API Gateway sends it to the client as JSON. */
export interface EchoResult {
  statusCode: number;
  body: string;
}

export async function handler(event: unknown, context: Context): Promise<EchoResult> {
  const json = JSON.stringify(event);
  // One string write: the runtime prefixes it with the request id in CloudWatch Logs.
  console.log(`${context.functionName} event: ${json}`);
  return { statusCode: 200, body: json };
}
