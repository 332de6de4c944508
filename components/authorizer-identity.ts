/**
 * The identity sources of a Lambda authorizer: where API Gateway reads the caller's identity before it
 * calls the function, and what it caches the result by. Checked here so that a bad value stops
 * `pulumi preview` instead of failing CreateAuthorizer halfway through `pulumi up`.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
 */

/** `TOKEN`: one header's value is the token; `REQUEST`: the function gets the whole request. */
export type AuthorizerType = "TOKEN" | "REQUEST";

/** A request header by name (RFC 9110 token characters). */
const HEADER = /^method\.request\.header\.[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What a REQUEST authorizer may read: headers, query strings, stage variables and `$context` values. */
const REQUEST_SOURCES = [
  HEADER,
  /^method\.request\.querystring\.[a-zA-Z0-9._$-]+$/,
  /^stageVariables\.[A-Za-z0-9_]+$/,
  /^context\.[A-Za-z0-9_.]+$/,
];

/** The sources of a comma-separated `identitySource`, trimmed; `[]` for an empty one. */
export function identitySources(identitySource: string): string[] {
  return identitySource.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/**
 * What is wrong with `identitySource` for this authorizer type and cache TTL, in the words of a
 * configuration message ("must be …, got …"); undefined when nothing is.
 */
export function identitySourceProblem(type: AuthorizerType, identitySource: string, ttlSeconds: number): string | undefined {
  const sources = identitySources(identitySource);
  const got = `got ${JSON.stringify(identitySource)}`;
  if (type === "TOKEN") {
    // A TOKEN authorizer reads exactly one header; CreateAuthorizer refuses query strings and lists.
    if (sources.length !== 1 || !HEADER.test(sources[0])) return `must be one header, "method.request.header.<Name>", for a token authorizer, ${got}`;
    return undefined;
  }
  if (sources.length === 0) {
    // Caching needs something to key the cache by, and without a TTL the AWS provider would put its
    // own default (the Authorization header) in place of an empty value.
    const why = ttlSeconds > 0 ? "the cache is keyed by it" : "the AWS provider replaces an empty one with the Authorization header";
    return `must name at least one source (${why}), ${got}`;
  }
  const bad = sources.filter((source) => !REQUEST_SOURCES.some((form) => form.test(source)));
  if (bad.length > 0) {
    return `must be a comma-separated list of method.request.header.<Name>, method.request.querystring.<name>, ` +
      `stageVariables.<name> or context.<name>, ${got}`;
  }
  return undefined;
}
