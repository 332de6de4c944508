/**
 * A DEMONSTRATION Lambda authorizer: it trusts a plain word in the `Authorization` header, so that every
 * answer API Gateway can give is one curl away. It protects nothing. A real authorizer verifies the
 * token where `decide` reads it (a JWT's signature, issuer, audience and expiry, say) and derives the
 * principal and context from what it verified.
 *
 *   allow        → Allow policy for the whole stage, principal `demo-user`, context with `stringkey`
 *   deny         → explicit Deny (403)
 *   unauthorized → the error `Unauthorized`, which API Gateway answers with 401
 *   anything else→ any other error, which API Gateway answers with 500
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 */
import type {
  APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent, Context,
} from "aws-lambda";

type AuthorizerEvent = APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;

/** What the passthrough template reads as `$context.authorizer.stringkey`; values must be strings, numbers or booleans. */
export const DEMO_CONTEXT = { stringkey: "value from the authorizer", numberkey: 123, booleankey: true };
export const DEMO_PRINCIPAL = "demo-user";

export async function handler(event: AuthorizerEvent, context: Context): Promise<APIGatewayAuthorizerResult> {
  const decision = decide(tokenOf(event));
  console.log(`${context.functionName}: ${decision} for ${event.methodArn}`);
  if (decision === "allow" || decision === "deny") {
    return { principalId: DEMO_PRINCIPAL, policyDocument: stagePolicy(decision === "allow" ? "Allow" : "Deny", event.methodArn), context: DEMO_CONTEXT };
  }
  // Exactly this message is API Gateway's cue for 401; any other error is a 500.
  if (decision === "unauthorized") throw new Error("Unauthorized");
  throw new Error("the demonstration authorizer knows only allow, deny and unauthorized");
}

function decide(token: string | undefined): "allow" | "deny" | "unauthorized" | "unknown" {
  const word = token?.trim().toLowerCase();
  return word === "allow" || word === "deny" || word === "unauthorized" ? word : "unknown";
}

/** TOKEN events carry the header's value; REQUEST events the headers, named as the client sent them. */
function tokenOf(event: AuthorizerEvent): string | undefined {
  if (event.type === "TOKEN") return event.authorizationToken;
  const headers = event.headers ?? {};
  const name = Object.keys(headers).find((key) => key.toLowerCase() === "authorization");
  return name === undefined ? undefined : headers[name];
}

/**
 * A statement for every method and path of the caller's stage, not just `methodArn`: API Gateway
 * caches this result by identity and re-evaluates it for the next method, which a policy naming only
 * the first method would deny.
 */
function stagePolicy(effect: "Allow" | "Deny", methodArn: string): APIGatewayAuthorizerResult["policyDocument"] {
  // arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<VERB>/<path>
  const [api, stage] = methodArn.split("/", 2);
  return { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: `${api}/${stage}/*/*` }] };
}
