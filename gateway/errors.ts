/**
 * The gateway responses API Gateway sends on its own behalf: status, `{"message": …}` body and the
 * `x-amzn-ErrorType` header.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */

export interface GatewayError {
  readonly status: number;
  /** `null` where API Gateway sends `{"message":null}` (authorizer configuration errors). */
  readonly message: string | null;
  readonly errorType: string;
  /** The body's key: `Message` in access-denied answers, `message` everywhere else. */
  readonly messageKey: "message" | "Message";
}

function gatewayError(status: number, message: string | null, errorType: string, messageKey: GatewayError["messageKey"] = "message"): GatewayError {
  return Object.freeze({ status, message, errorType, messageKey });
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
  /** Authorizer: identity missing, empty or not matching the validation expression, or the function threw `Unauthorized`. */
  unauthorized: gatewayError(401, "Unauthorized", "UnauthorizedException"),
  /** Authorizer: a statement of the returned policy denies this method explicitly. */
  explicitDeny: gatewayError(403, "User is not authorized to access this resource with an explicit deny", "AccessDeniedException", "Message"),
  /** Authorizer: no statement of the returned policy allows this method. */
  implicitDeny: gatewayError(403, "User is not authorized to access this resource", "AccessDeniedException", "Message"),
  /** Authorizer: the function failed, timed out, or returned what API Gateway cannot use. */
  authorizerConfiguration: gatewayError(500, null, "AuthorizerConfigurationException"),
} as const;

/** A gateway error with a message of its own (e.g. Lambda's "Could not parse request body into json"). */
export function withMessage(error: GatewayError, message: string): GatewayError {
  return gatewayError(error.status, message, error.errorType, error.messageKey);
}

/** Thrown inside the pipeline when API Gateway would answer on its own; `detail` goes to the log only. */
export class GatewayFailure extends Error {
  constructor(readonly error: GatewayError, readonly detail: string) {
    super(`${error.status} ${error.message ?? error.errorType}: ${detail}`);
    this.name = "GatewayFailure";
  }
}
