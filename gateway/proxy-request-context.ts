/**
 * The `requestContext` of the events API Gateway sends a Lambda proxy integration and a REQUEST
 * authorizer, built from the request's `$context`.
 */
/** `$context.identity` keys a proxy event's `requestContext.identity` holds. */
const IDENTITY_KEYS = [
  "accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId",
  "cognitoIdentityPoolId", "principalOrgId", "sourceIp", "user", "userAgent", "userArn",
];
/** `$context` keys a proxy event's `requestContext` holds (without an authorizer). */
const REQUEST_CONTEXT_KEYS = [
  "accountId", "apiId", "deploymentId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod", "path", "protocol",
  "requestId", "requestTime", "requestTimeEpoch", "resourceId", "resourcePath", "stage",
];

/**
 * A proxy event's `requestContext` without its `authorizer`: `$context`'s request keys and an `identity`
 * of AWS's keys, `null` where unset, plus any other identity value the request has (test-invoke's
 * `apiKey`). A REQUEST authorizer's event carries the same object.
 */
export function proxyRequestContext(context: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const requestContext: Record<string, unknown> = Object.fromEntries(REQUEST_CONTEXT_KEYS.map((key) => [key, context[key] ?? null]));
  const identity = (context.identity ?? {}) as Record<string, unknown>;
  const set = Object.entries(identity).filter(([, value]) => value !== null && value !== undefined);
  requestContext.identity = { ...Object.fromEntries(IDENTITY_KEYS.map((key) => [key, null])), ...Object.fromEntries(set) };
  return requestContext;
}
