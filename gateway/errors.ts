/**
 * The gateway responses API Gateway sends on its own behalf: status, `{"message": …}` body and the
 * `x-amzn-ErrorType` header.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */

export interface GatewayError {
  readonly status: number;
  readonly message: string;
  readonly errorType: string;
}

function gatewayError(status: number, message: string, errorType: string): GatewayError {
  return Object.freeze({ status, message, errorType });
}

export const GATEWAY_ERRORS = {
  /** Unknown stage, resource or method: never 404 or 405. */
  missingAuthenticationToken: gatewayError(403, "Missing Authentication Token", "MissingAuthenticationTokenException"),
  /** No request template for the Content-Type under WHEN_NO_TEMPLATES (templates exist) or NEVER. */
  unsupportedMediaType: gatewayError(415, "Unsupported Media Type", "UnsupportedMediaTypeException"),
  /** Body above the 10 MB payload quota. */
  requestTooLarge: gatewayError(413, "Request Too Long", "RequestTooLargeException"),
  /** A request line that cannot be read (e.g. bad percent-encoding in the path). */
  badRequest: gatewayError(400, "Bad Request", "BadRequestException"),
  /** Configuration errors: no integration, no matching integration or method response, unreachable endpoint. */
  internalServerError: gatewayError(500, "Internal server error", "InternalServerErrorException"),
  /** The integration did not answer within its timeout. */
  integrationTimeout: gatewayError(504, "Endpoint request timed out", "IntegrationTimeoutException"),
} as const;

/** A gateway error with a message of its own (e.g. Lambda's "Could not parse request body into json"). */
export function withMessage(error: GatewayError, message: string): GatewayError {
  return gatewayError(error.status, message, error.errorType);
}

/** Thrown inside the pipeline when API Gateway would answer on its own; `detail` goes to the log only. */
export class GatewayFailure extends Error {
  constructor(readonly error: GatewayError, readonly detail: string) {
    super(`${error.status} ${error.message}: ${detail}`);
    this.name = "GatewayFailure";
  }
}
