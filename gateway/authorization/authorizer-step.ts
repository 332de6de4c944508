/**
 * The Lambda authorizer step of a protected method, between routing and the integration request:
 * identity → (cache or function) → policy evaluated against the method ARN → allowed with
 * `$context.authorizer` values, or answered 401, 403 or 500 as API Gateway answers.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 */
import { GATEWAY_ERRORS, GatewayFailure, type GatewayError } from "../errors.ts";
import { lambdaEndpointHeaders, lambdaInvokeUrl } from "../backends/lambda.ts";
import { LocalFunction, type Outcome } from "../backends/local-function.ts";
import { DEFAULT_TIMEOUT_MS, type DeclaredAuthorizer } from "../declared-api.ts";
import type { AuthorizerDecision, AuthorizerRecord, EndpointRequest } from "../types.ts";
import { AuthorizerOutputError, evaluatePolicy, parseAuthorizerOutput, type AuthorizerOutput } from "./authorizer-output.ts";
import { identityOf, methodArnOf, requestEvent, tokenEvent, type AuthorizerInput, type StageArn } from "./authorizer-request.ts";

/** Cached results kept at most, oldest dropped first, so that a stream of new identities cannot grow memory without bound. */
export const MAX_CACHED_RESULTS = 10_000;

/** The step's answer: `context` for `$context.authorizer` when allowed, `failure` when not. */
export interface AuthorizerVerdict {
  readonly record: AuthorizerRecord;
  readonly context?: Readonly<Record<string, string | number>>;
  readonly failure?: GatewayFailure;
}

interface CachedResult {
  readonly output: AuthorizerOutput;
  readonly expiresAt: number;
}

/** What the verdict depends on, beside the output. */
interface Attempt {
  readonly started: number;
  readonly cache: AuthorizerRecord["cache"];
  readonly endpointRequest?: EndpointRequest;
  readonly resultBody?: string;
}

export interface AuthorizerStepOptions {
  /** Milliseconds on a monotonic clock; tests pass their own. @default performance.now */
  readonly now?: () => number;
}

export class AuthorizerStep {
  private readonly function?: LocalFunction;
  private readonly cache = new Map<string, CachedResult>();
  private readonly endpoint: { url: string; headers: Readonly<Record<string, string>> } | undefined;
  private readonly now: () => number;

  constructor(readonly model: DeclaredAuthorizer, private readonly stage: StageArn, options: AuthorizerStepOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    if (model.lambda) {
      this.function = new LocalFunction(model.lambda, stage.region);
      this.endpoint = { url: lambdaInvokeUrl(stage.region, model.lambda.arn), headers: lambdaEndpointHeaders(stage.apiId) };
    }
  }

  /** Loads the function's handler, so that a broken bundle fails at start. */
  async load(): Promise<void> {
    await this.function?.load();
  }

  /**
   * Decides one request; synchronous when no function call is needed (missing identity, cached
   * result). Never rejects: failures are in the verdict.
   */
  authorize(input: AuthorizerInput, requestId: string): AuthorizerVerdict | Promise<AuthorizerVerdict> {
    const started = this.now();
    const skipped: Attempt = { started, cache: "skipped" };
    const identity = identityOf(this.model, input);
    if (identity === undefined) {
      return this.refused(skipped, GATEWAY_ERRORS.unauthorized, "unauthorized", `identity source ${this.model.identitySources.join(", ")} missing or empty`);
    }
    const expression = this.model.validationExpression;
    if (expression !== undefined && !expression.test(identity[0])) {
      return this.refused(skipped, GATEWAY_ERRORS.unauthorized, "unauthorized", `the token does not match the validation expression ${expression.source}`);
    }
    const methodArn = methodArnOf(this.stage, input.httpMethod, input.path);
    // The whole identity is the key; JSON keeps ["a,b"] and ["a","b"] apart.
    const key = this.model.resultTtlSeconds > 0 ? JSON.stringify(identity) : undefined;
    const cached = key === undefined ? undefined : this.cached(key);
    if (cached !== undefined) return this.decide(cached, methodArn, { started, cache: "hit" });
    const event = this.model.type === "TOKEN" ? tokenEvent(identity[0], methodArn) : requestEvent(input, methodArn);
    return this.call(event, requestId, methodArn, key, started);
  }

  private call(event: Record<string, unknown>, requestId: string, methodArn: string, key: string | undefined, started: number): Promise<AuthorizerVerdict> {
    const cache = key === undefined ? "off" : "miss";
    const { function: fn, endpoint } = this;
    if (fn === undefined || endpoint === undefined) {
      return Promise.resolve(this.refused({ started, cache }, GATEWAY_ERRORS.authorizerConfiguration, "error", `no function of the program matches the authorizer URI ${this.model.uri}`));
    }
    const endpointRequest = { method: "POST", url: endpoint.url, headers: endpoint.headers, body: JSON.stringify(event) };
    const timedOut = () => new Error(`the function did not answer within ${DEFAULT_TIMEOUT_MS} ms`);
    return fn.invoke(event, requestId, DEFAULT_TIMEOUT_MS, timedOut).then(
      (outcome) => this.outcome(outcome, methodArn, key, { started, cache, endpointRequest, resultBody: outcome.body }),
      (err: unknown) => this.refused({ started, cache, endpointRequest }, GATEWAY_ERRORS.authorizerConfiguration, "error", String(err)),
    );
  }

  private outcome(outcome: Outcome, methodArn: string, key: string | undefined, attempt: Attempt): AuthorizerVerdict {
    const error = outcome.errorMessage;
    // Exactly "Unauthorized" is API Gateway's cue for 401; any other error is a configuration error. Neither is cached.
    if (error === "Unauthorized") return this.refused(attempt, GATEWAY_ERRORS.unauthorized, "unauthorized", "the function threw Unauthorized");
    if (error !== undefined) return this.refused(attempt, GATEWAY_ERRORS.authorizerConfiguration, "error", `the function failed: ${error}`);
    let output: AuthorizerOutput;
    try {
      output = parseAuthorizerOutput(outcome.body);
    } catch (err) {
      if (!(err instanceof AuthorizerOutputError)) throw err;
      return this.refused(attempt, GATEWAY_ERRORS.authorizerConfiguration, "error", `Execution failed due to configuration error: ${err.message}`);
    }
    if (key !== undefined) this.remember(key, output);
    return this.decide(output, methodArn, attempt);
  }

  /** Evaluates the (possibly cached) output's policy for this request's method ARN. */
  private decide(output: AuthorizerOutput, methodArn: string, attempt: Attempt): AuthorizerVerdict {
    const decision = evaluatePolicy(output, methodArn);
    const principalId = output.principalId;
    if (decision === "ExplicitDeny") return this.refused(attempt, GATEWAY_ERRORS.explicitDeny, "explicit deny", `a Deny statement matches ${methodArn}`, principalId);
    if (decision === "ImplicitDeny") return this.refused(attempt, GATEWAY_ERRORS.implicitDeny, "implicit deny", `no Allow statement matches ${methodArn}`, principalId);
    const record = this.record(attempt, "allow", `an Allow statement matches ${methodArn}`, principalId);
    const integrationLatency = attempt.cache === "hit" ? 0 : Math.round(record.latencyMs);
    return { record, context: { ...output.context, principalId, integrationLatency } };
  }

  private refused(attempt: Attempt, error: GatewayError, decision: AuthorizerDecision, detail: string, principalId?: string): AuthorizerVerdict {
    return { record: this.record(attempt, decision, detail, principalId), failure: new GatewayFailure(error, `authorizer ${this.model.name}: ${detail}`) };
  }

  private record(attempt: Attempt, decision: AuthorizerDecision, detail: string, principalId: string | undefined): AuthorizerRecord {
    return {
      name: this.model.name, type: this.model.type, cache: attempt.cache, decision, detail, principalId,
      endpointRequest: attempt.endpointRequest, resultBody: attempt.resultBody, latencyMs: this.now() - attempt.started,
    };
  }

  private cached(key: string): AuthorizerOutput | undefined {
    const entry = this.cache.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry.output;
    this.cache.delete(key);
    return undefined;
  }

  private remember(key: string, output: AuthorizerOutput): void {
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED_RESULTS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { output, expiresAt: this.now() + this.model.resultTtlSeconds * 1000 });
  }
}
