/**
 * The errors API Gateway answers on its own behalf: status, default `{"message": …}` body, the
 * `x-amzn-ErrorType` header, and the gateway response type a program can customize them by.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */

export interface GatewayError {
  readonly status: number;
  /** `null` where API Gateway sends `{"message":null}` (authorizer configuration errors). */
  readonly message: string | null;
  readonly errorType: string;
  /** The gateway response type a program customizes it by (`aws.apigateway.Response.responseType`). */
  readonly responseType: string;
  /** The body API Gateway sends when the response is not customized, byte for byte. */
  readonly body: string;
}

/**
 * How the default body is written: `compact` is the default template's `{"message":…}`; the
 * integration layer's own 5xx errors have a space after the colon; access denials a capital `Message`.
 */
type Layout = "compact" | "spaced" | "capital";

const LAYOUTS: Record<Layout, (message: string | null) => string> = {
  compact: (message) => JSON.stringify({ message }),
  spaced: (message) => `{"message": ${JSON.stringify(message)}}`,
  capital: (message) => JSON.stringify({ Message: message }),
};

/** How each error's body is written, so that one with a message of its own keeps its layout. */
const LAYOUT_OF = new WeakMap<GatewayError, Layout>();

function gatewayError(status: number, message: string | null, errorType: string, responseType: string, layout: Layout = "compact"): GatewayError {
  const error = { status, message, errorType, responseType, body: LAYOUTS[layout](message) };
  LAYOUT_OF.set(error, layout);
  return Object.freeze(error);
}

export const GATEWAY_ERRORS = {
  /** Unknown stage, resource or method: never 404 or 405. */
  missingAuthenticationToken: gatewayError(403, "Missing Authentication Token", "MissingAuthenticationTokenException", "MISSING_AUTHENTICATION_TOKEN"),
  /** No request template for the Content-Type under WHEN_NO_TEMPLATES (templates exist) or NEVER. */
  unsupportedMediaType: gatewayError(415, "Unsupported Media Type", "UnsupportedMediaTypeException", "UNSUPPORTED_MEDIA_TYPE"),
  /** Body above the 10 MB payload quota; this response cannot be customized. */
  requestTooLarge: gatewayError(413, "Request Too Long", "RequestTooLargeException", "REQUEST_TOO_LARGE"),
  /** A request line that cannot be read (e.g. bad percent-encoding in the path). */
  badRequest: gatewayError(400, "Bad Request", "BadRequestException", "DEFAULT_4XX"),
  /** Lambda refused a payload that is not JSON (InvalidRequestContentException), relayed with its message. */
  invalidLambdaPayload: gatewayError(400, "Could not parse request body into json", "BadRequestException", "DEFAULT_4XX", "spaced"),
  /** A request validator found required parameters missing (message lists them). */
  badRequestParameters: gatewayError(400, "Missing required request parameters", "BadRequestException", "BAD_REQUEST_PARAMETERS"),
  /** A request validator found the body does not match its model. */
  badRequestBody: gatewayError(400, "Invalid request body", "BadRequestException", "BAD_REQUEST_BODY"),
  /** The stage's or method's rate or burst was exceeded (only with throttling on). */
  throttled: gatewayError(429, "Too Many Requests", "TooManyRequestsException", "THROTTLED"),
  /** Configuration errors: no integration, no matching integration or method response, unreachable endpoint. */
  internalServerError: gatewayError(500, "Internal server error", "InternalServerErrorException", "API_CONFIGURATION_ERROR"),
  /** Configuration errors the integration layer finds: a mapped Content-Length, an AWS_PROXY not called by POST. */
  integrationConfiguration: gatewayError(500, "Internal server error", "InternalServerErrorException", "API_CONFIGURATION_ERROR", "spaced"),
  /** A Lambda proxy integration's function failed or returned what the proxy contract does not allow. */
  malformedProxyResponse: gatewayError(502, "Internal server error", "InternalServerErrorException", "DEFAULT_5XX", "spaced"),
  /** The integration did not answer within its timeout. */
  integrationTimeout: gatewayError(504, "Endpoint request timed out", "IntegrationTimeoutException", "INTEGRATION_TIMEOUT"),
  /** Authorizer: identity missing, empty or not matching the validation expression, or the function threw `Unauthorized`. */
  unauthorized: gatewayError(401, "Unauthorized", "UnauthorizedException", "UNAUTHORIZED"),
  /** Authorizer: a statement of the returned policy denies this method explicitly. */
  explicitDeny: gatewayError(403, "User is not authorized to access this resource with an explicit deny", "AccessDeniedException", "ACCESS_DENIED", "capital"),
  /** Authorizer: no statement of the returned policy allows this method. */
  implicitDeny: gatewayError(403, "User is not authorized to access this resource", "AccessDeniedException", "ACCESS_DENIED", "capital"),
  /** Authorizer: the function failed, timed out, or returned what API Gateway cannot use. */
  authorizerConfiguration: gatewayError(500, null, "AuthorizerConfigurationException", "AUTHORIZER_CONFIGURATION_ERROR"),
} as const;

/** A gateway error with a message of its own (e.g. Lambda's "Could not parse request body into json"). */
export function withMessage(error: GatewayError, message: string): GatewayError {
  return gatewayError(error.status, message, error.errorType, error.responseType, LAYOUT_OF.get(error));
}

/** Thrown inside the pipeline when API Gateway would answer on its own; `detail` goes to the log only. */
export class GatewayFailure extends Error {
  constructor(readonly error: GatewayError, readonly detail: string) {
    super(`${error.status} ${error.message ?? error.errorType}: ${detail}`);
    this.name = "GatewayFailure";
  }
}
