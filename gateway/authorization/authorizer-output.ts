/**
 * What a Lambda authorizer returns, checked the way API Gateway checks it, and the IAM-style evaluation
 * of its policy against a method ARN. Anything API Gateway could not use is an
 * {@link AuthorizerOutputError}, which the client sees as 500 AuthorizerConfigurationException.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 */

/** One policy statement with its patterns compiled: the output is cached and evaluated again per method. */
interface Statement {
  readonly effect: "Allow" | "Deny";
  readonly actions: Patterns;
  readonly resources: Patterns;
}

/** `Action`/`Resource` patterns, or `NotAction`/`NotResource` ones when `negated`. */
interface Patterns {
  readonly patterns: readonly RegExp[];
  readonly negated: boolean;
}

/** An authorizer's output once checked. */
export interface AuthorizerOutput {
  readonly principalId: string;
  readonly statements: readonly Statement[];
  /** The context, stringified as API Gateway passes it on: `123` → `"123"`, `true` → `"true"`. */
  readonly context: Readonly<Record<string, string>>;
}

/** `Allow`, or why not: a matching Deny wins over any Allow; without a matching Allow the answer is no. */
export type PolicyDecision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

/** An output API Gateway cannot use; the message says why (for the logs, never the client). */
export class AuthorizerOutputError extends Error {
  override readonly name = "AuthorizerOutputError";
}

const INVOKE_ACTION = "execute-api:Invoke";

/** Checks the function's JSON result. @throws AuthorizerOutputError */
export function parseAuthorizerOutput(body: string): AuthorizerOutput {
  const output = asObject(JSON.parse(body), "Could not parse policy: the result is not a JSON object");
  const principalId = output.principalId;
  // Missing principalId: what AWS answers is not recorded; a configuration error is our choice.
  if (typeof principalId !== "string" && typeof principalId !== "number") throw new AuthorizerOutputError("the result has no principalId");
  const policy = asObject(output.policyDocument, "Could not parse policy: the result has no policyDocument object");
  const statements = policy.Statement;
  if (statements === undefined) throw new AuthorizerOutputError("Could not parse policy: the policyDocument has no Statement");
  return {
    principalId: String(principalId),
    statements: (Array.isArray(statements) ? statements : [statements]).map(statement),
    context: contextOf(output.context),
  };
}

/** Evaluates the statements for `execute-api:Invoke` on `methodArn`. */
export function evaluatePolicy(output: AuthorizerOutput, methodArn: string): PolicyDecision {
  let allowed = false;
  for (const { effect, actions, resources } of output.statements) {
    if (!matches(actions, INVOKE_ACTION) || !matches(resources, methodArn)) continue;
    if (effect === "Deny") return "ExplicitDeny";
    allowed = true;
  }
  return allowed ? "Allow" : "ImplicitDeny";
}

function statement(value: unknown): Statement {
  const raw = asObject(value, "Unable to parse given policy: a Statement is not an object");
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") throw new AuthorizerOutputError(`Unable to parse given policy: Effect must be Allow or Deny, got ${JSON.stringify(effect)}`);
  // Action names are case-insensitive in IAM; resource ARNs are not.
  return { effect, actions: patterns(raw, "Action", "i"), resources: patterns(raw, "Resource", "") };
}

function patterns(raw: Record<string, unknown>, field: "Action" | "Resource", flags: string): Patterns {
  const negated = raw[field] === undefined && raw[`Not${field}`] !== undefined;
  const value = negated ? raw[`Not${field}`] : raw[field];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== "string")) {
    throw new AuthorizerOutputError(`Unable to parse given policy: ${field} must be a string or a list of strings, got ${JSON.stringify(value)}`);
  }
  return { patterns: (list as string[]).map((pattern) => wildcard(pattern, flags)), negated };
}

/** IAM wildcards: `*` any run of characters (`/` included), `?` any one character. */
function wildcard(pattern: string, flags: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, flags);
}

function matches({ patterns, negated }: Patterns, value: string): boolean {
  return patterns.some((pattern) => pattern.test(value)) !== negated;
}

/**
 * Context values must be strings, numbers or booleans; an object or array is a configuration error.
 * A `null` value is left out (AWS's handling of null is not recorded).
 */
function contextOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  const raw = asObject(value, "the context is not a JSON object");
  const context: Record<string, string> = {};
  for (const [key, item] of Object.entries(raw)) {
    if (item === null) continue;
    if (typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean") {
      throw new AuthorizerOutputError(`context value "${key}" must be a string, number or boolean, got ${JSON.stringify(item)}`);
    }
    context[key] = String(item);
  }
  return context;
}

function asObject(value: unknown, message: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new AuthorizerOutputError(message);
  return value as Record<string, unknown>;
}
