/**
 * One rule per configuration key: how its raw text is parsed and what form it must have.
 * The keys, types and defaults are declared in `Pulumi.yaml`; the limits come from the AWS docs cited.
 */

import { identitySourceProblem } from "../components/authorizer-identity.ts";
import { allowOriginsProblem } from "../components/cors.ts";

/** The validated configuration of one stack (one environment). */
export interface StackConfig {
  /** Stage name, the first path segment of every URL. */
  stageName: string;
  /** Path segment of the Lambda custom-integration route. */
  lambdaBasePath: string;
  /** Path segment of the HTTP custom-integration route. */
  httpBasePath: string;
  /** Base URL of the HTTP echo backend, without a trailing slash. */
  echoEndpoint: string;
  /** Query-string names the HTTP route declares and forwards. */
  httpQueryStrings: string[];
  /** HTTP integration timeout in milliseconds. */
  httpTimeoutMs: number;
  /** Stage-wide steady-state requests per second. */
  throttlingRateLimit: number;
  /** Stage-wide burst. */
  throttlingBurstLimit: number;
  /** CloudWatch log retention in days. */
  logRetentionDays: number;
  /** Whether the stage writes access logs. */
  accessLogs: boolean;
  /** Lambda function timeout in seconds. */
  lambdaTimeoutSeconds: number;
  /** Lambda function memory in MB. */
  lambdaMemoryMb: number;
  /** Which Lambda authorizer protects both routes, if any. */
  authorizer: AuthorizerKind;
  /** Where API Gateway reads the caller's identity, in its own `identitySource` syntax. */
  authorizerIdentitySource: string;
  /** How long API Gateway caches an authorizer's result; 0 turns the cache off. */
  authorizerCacheTtlSeconds: number;
  /** TOKEN only: a regex the token must match before the authorizer runs; `""` for none. */
  authorizerValidationExpression: string;
  /** Browser origins allowed to call both routes; `[]` declares no CORS at all. */
  corsAllowOrigins: string[];
}

/** `none` (the article's open API), or the type of the Lambda authorizer in front of both routes. */
export type AuthorizerKind = "none" | "token" | "request";

/** A key whose value is missing or has the wrong form. */
export interface ConfigProblem {
  key: keyof StackConfig;
  message: string;
}

type Parser<T> = (raw: string) => T;

class FormError extends Error {}

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function matching(pattern: RegExp, expected: string): Parser<string> {
  return (raw) => {
    if (!pattern.test(raw)) throw new FormError(`must be ${expected}, got ${JSON.stringify(raw)}`);
    return raw;
  };
}

function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new FormError(`must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
}

function oneOf(allowed: number[]): Parser<number> {
  return (raw) => {
    const value = Number(raw);
    if (!allowed.includes(value)) {
      throw new FormError(`must be one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
}

function choice<T extends string>(allowed: readonly T[]): Parser<T> {
  return (raw) => {
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new FormError(`must be one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`);
    }
    return raw as T;
  };
}

function boolean(raw: string): boolean {
  if (raw !== "true" && raw !== "false") throw new FormError(`must be true or false, got ${JSON.stringify(raw)}`);
  return raw === "true";
}

// API Gateway path parts: letters, digits and . _ - (no braces: the routes add {proxy+} themselves).
const pathSegment = matching(/^[A-Za-z0-9._-]{1,64}$/, "one path segment of letters, digits, '.', '_' or '-'");

// Mapping parameter names must match ^[a-zA-Z0-9._$-]+$ (request-response-data-mappings).
const QUERY_NAME = /^[a-zA-Z0-9._$-]+$/;

/** A list of strings given as JSON (how the CLI passes an array), or a FormError naming `what`. */
function stringList(raw: string, what: string): string[] {
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new FormError(`must be a list of ${what}, got ${JSON.stringify(raw)}`);
  }
  if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) throw new FormError(`must be a list of ${what}, got ${raw}`);
  return list as string[];
}

function queryNames(raw: string): string[] {
  const names = stringList(raw, "query-string names");
  if (names.some((n) => !QUERY_NAME.test(n))) {
    throw new FormError(`must be a list of names matching ${QUERY_NAME.source}, got ${raw}`);
  }
  if (new Set(names).size !== names.length) throw new FormError(`must not repeat a name, got ${raw}`);
  return names;
}

function origins(raw: string): string[] {
  const list = stringList(raw, "origins");
  const problem = allowOriginsProblem(list);
  if (problem !== undefined) throw new FormError(problem);
  return list;
}

function endpointUrl(raw: string): string {
  const expected = "an absolute http(s) URL with no query string or trailing '/'";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FormError(`must be ${expected}, got ${JSON.stringify(raw)}`);
  }
  const badForm = !/^https?:$/.test(url.protocol) || url.search !== "" || url.hash !== "" || raw.endsWith("/");
  if (badForm) throw new FormError(`must be ${expected}, got ${JSON.stringify(raw)}`);
  // HTTP integrations may only target ports 80, 443 and 1024-65535 (setup-http-integrations).
  const port = Number(url.port);
  if (url.port !== "" && port !== 80 && port !== 443 && port < 1024) {
    throw new FormError(`must use port 80, 443 or 1024-65535, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

const parsers: { [K in keyof StackConfig]: Parser<StackConfig[K]> } = {
  // Stage names: letters, digits, '-' and '_', at most 128 characters (CreateStage).
  stageName: matching(/^[A-Za-z0-9_-]{1,128}$/, "1-128 letters, digits, '-' or '_'"),
  lambdaBasePath: pathSegment,
  httpBasePath: pathSegment,
  echoEndpoint: endpointUrl,
  httpQueryStrings: queryNames,
  // Integration timeouts range from 50 ms to 29 s (API Gateway quotas).
  httpTimeoutMs: integer(50, 29000),
  throttlingRateLimit: integer(1, 10000),
  throttlingBurstLimit: integer(1, 5000),
  logRetentionDays: oneOf(LOG_RETENTION_DAYS),
  accessLogs: boolean,
  // Below the Lambda route's 29 s integration timeout, so a slow function ends as a function error.
  lambdaTimeoutSeconds: integer(1, 28),
  lambdaMemoryMb: integer(128, 10240),
  authorizer: choice<AuthorizerKind>(["none", "token", "request"]),
  authorizerIdentitySource: (raw) => raw.trim(),
  // The cache TTL is at most 3600 s, a limit that cannot be raised (CreateAuthorizer).
  authorizerCacheTtlSeconds: integer(0, 3600),
  authorizerValidationExpression: regex,
  corsAllowOrigins: origins,
};

function regex(raw: string): string {
  try {
    new RegExp(raw);
  } catch {
    throw new FormError(`must be a regular expression, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** Keys whose empty default means "none": a CLI may leave an empty value out of the configuration it passes. */
const EMPTY_WHEN_UNSET = new Set<keyof StackConfig>(["authorizerValidationExpression"]);

/** Parses every key, collecting all problems rather than stopping at the first. */
export function configProblems(read: (key: string) => string | undefined): {
  config: Partial<StackConfig>;
  problems: ConfigProblem[];
} {
  const config: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(parsers) as (keyof StackConfig)[]) {
    const raw = read(key) ?? (EMPTY_WHEN_UNSET.has(key) ? "" : undefined);
    if (raw === undefined) {
      problems.push({ key, message: "is missing (Pulumi.yaml declares its default; is this project's Pulumi.yaml in use?)" });
      continue;
    }
    try {
      config[key] = parsers[key](raw);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      problems.push({ key, message: err.message });
    }
  }
  if (config.lambdaBasePath !== undefined && config.lambdaBasePath === config.httpBasePath) {
    problems.push({ key: "httpBasePath", message: `must differ from lambdaBasePath, both are "${config.httpBasePath}"` });
  }
  problems.push(...authorizerProblems(config as Partial<StackConfig>));
  return { config: config as Partial<StackConfig>, problems };
}

/** The authorizer keys depend on each other and on the authorizer type. */
function authorizerProblems(config: Partial<StackConfig>): ConfigProblem[] {
  const { authorizer, authorizerIdentitySource: source, authorizerCacheTtlSeconds: ttl, authorizerValidationExpression: expression } = config;
  if (authorizer === undefined || authorizer === "none") return [];
  const problems: ConfigProblem[] = [];
  const type = authorizer === "token" ? "TOKEN" : "REQUEST";
  const sourceProblem = source === undefined ? undefined : identitySourceProblem(type, source, ttl ?? 0);
  if (sourceProblem !== undefined) problems.push({ key: "authorizerIdentitySource", message: sourceProblem });
  if (authorizer === "request" && expression) {
    problems.push({ key: "authorizerValidationExpression", message: `applies to a token authorizer only; API Gateway ignores it for "request", got ${JSON.stringify(expression)}` });
  }
  return problems;
}
