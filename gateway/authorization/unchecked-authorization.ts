/**
 * Methods protected by IAM or by a Cognito user pool, which the gateway cannot check offline. An IAM
 * method called without a Signature Version 4 signature is refused as API Gateway refuses it; a signed
 * call is let through unverified. A Cognito method is answered as not emulated.
 */
import { GATEWAY_ERRORS, GatewayFailure } from "../errors.ts";
import type { DeclaredMethod } from "../declared-api.ts";
import { headerValue } from "../request-mapping.ts";
import type { MethodRequestData } from "../vtl/types.ts";

/**
 * Lets a call to an IAM or Cognito method through unverified.
 * @throws GatewayFailure when API Gateway would refuse it, or the gateway cannot answer it as AWS would.
 */
export function admitUnverified(method: DeclaredMethod, methodRequest: MethodRequestData): void {
  if (method.uncheckedAuthorization === "COGNITO_USER_POOLS") {
    throw new GatewayFailure(GATEWAY_ERRORS.internalServerError, "Cognito user pool authorizers are not emulated");
  }
  // A signature travels in the Authorization header, or in the query string of a presigned URL.
  const signed = headerValue(methodRequest.headers, "Authorization")?.startsWith("AWS4-HMAC-SHA256 ") || methodRequest.query["X-Amz-Signature"] !== undefined;
  if (method.uncheckedAuthorization === "AWS_IAM" && !signed) {
    throw new GatewayFailure(GATEWAY_ERRORS.missingAuthenticationToken, "AWS_IAM method called without a signature");
  }
}
