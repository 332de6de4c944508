/**
 * Lambda custom integration: the event is the request body (the rendered template) parsed as JSON, the
 * function runs in-process (see local-function.ts), and its result or error document is the integration
 * response, always with status 200 as Lambda's Invoke answers.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
 */
import { GATEWAY_ERRORS, GatewayFailure, withMessage } from "../errors.ts";
import type { DeclaredFunction } from "../declared-api.ts";
import type { EndpointRequest, Backend, IntegrationCall, IntegrationResult } from "../types.ts";
import { lambdaPayloadError } from "./lambda-payload-error.ts";
import { byteLengthAbove, LocalFunction, MAX_PAYLOAD_BYTES, type Outcome } from "./local-function.ts";

const LAMBDA_RESPONSE_HEADERS: Readonly<Record<string, string>> = { "Content-Type": "application/json" };

/** The URL of Lambda's Invoke API for a function, as API Gateway's execution log shows it. */
export function lambdaInvokeUrl(region: string, functionArn: string): string {
  return `https://lambda.${region}.amazonaws.com/2015-03-31/functions/${functionArn}/invocations`;
}

/** The headers API Gateway's execution log shows on a Lambda endpoint request (signing headers left out). */
export function lambdaEndpointHeaders(apiId: string): Readonly<Record<string, string>> {
  return {
    "x-amzn-apigateway-api-id": apiId,
    "Accept": "application/json",
    "User-Agent": `AmazonAPIGateway_${apiId}`,
    "X-Amz-Invocation-Type": "RequestResponse",
  };
}

export class LambdaBackend implements Backend {
  private readonly function: LocalFunction;
  private readonly endpoint: string;
  private readonly endpointHeaders: Readonly<Record<string, string>>;

  constructor(fn: DeclaredFunction, region: string, apiId: string, private readonly timeoutMs: number) {
    this.function = new LocalFunction(fn, region);
    this.endpointHeaders = lambdaEndpointHeaders(apiId);
    this.endpoint = lambdaInvokeUrl(region, fn.arn);
  }

  /** Loads the handler (once), so that a broken bundle fails at start. */
  load(): Promise<unknown> {
    return this.function.load();
  }

  invoke(call: IntegrationCall): Promise<IntegrationResult> {
    const endpointRequest = { method: "POST", url: this.endpoint, headers: this.endpointHeaders, body: call.body };
    if (byteLengthAbove(call.body, MAX_PAYLOAD_BYTES)) {
      return Promise.reject(new GatewayFailure(withMessage(GATEWAY_ERRORS.requestTooLarge,
        `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`), "Lambda payload above 6 MB"));
    }
    let event: unknown;
    try {
      // An empty body passed through (no template) reaches the function as an empty object.
      event = call.body === "" && !call.rendered ? {} : JSON.parse(call.body);
    } catch (err) {
      const message = lambdaPayloadError(call.body) ?? `Could not parse request body into json: ${(err as Error).message}`;
      return Promise.reject(new GatewayFailure(withMessage(GATEWAY_ERRORS.invalidLambdaPayload, message), "Lambda rejected the payload (InvalidRequestContentException)"));
    }
    return this.function.invoke(event, call.requestId, this.timeoutMs, this.timedOut)
      .then((outcome) => lambdaResult(endpointRequest, outcome));
  }

  private readonly timedOut = (): Error => new GatewayFailure(GATEWAY_ERRORS.integrationTimeout, `no response within ${this.timeoutMs} ms`);
}

/** A Lambda response as API Gateway sees it: always 200, a function error only in the body. */
function lambdaResult(endpointRequest: EndpointRequest, outcome: Outcome): IntegrationResult {
  return { endpointRequest, status: 200, headers: LAMBDA_RESPONSE_HEADERS, body: outcome.body, selectionValue: outcome.errorMessage ?? "" };
}
