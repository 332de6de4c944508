/**
 * Stage throttling as API Gateway applies it: a token bucket per method, holding `burstLimit` tokens
 * and refilled at `rateLimit` per second; a request that finds it empty gets 429. A method's own
 * setting (`<path>/<METHOD>`) wins over the stage-wide one (`*\/*`). Off unless asked for (`--throttle`),
 * so that local load tests are not throttled.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
import { GATEWAY_ERRORS, GatewayFailure } from "./errors.ts";
import type { DeclaredMethod, ThrottleLimits } from "./declared-api.ts";

interface Bucket {
  tokens: number;
  updatedAt: number;
  readonly limits: ThrottleLimits;
}

export class Throttling {
  private readonly buckets = new Map<DeclaredMethod, Bucket>();

  /** @param now milliseconds on a monotonic clock; tests pass their own. */
  constructor(private readonly limits: ReadonlyMap<string, ThrottleLimits>, private readonly now: () => number = () => performance.now()) {}

  /** Takes a token for the method. @throws GatewayFailure 429 when its bucket is empty. */
  admit(method: DeclaredMethod, httpMethod: string): void {
    const bucket = this.bucketOf(method, httpMethod);
    if (bucket === undefined) return;
    const now = this.now();
    bucket.tokens = Math.min(bucket.limits.burstLimit, bucket.tokens + ((now - bucket.updatedAt) / 1000) * bucket.limits.rateLimit);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      throw new GatewayFailure(GATEWAY_ERRORS.throttled, `throttled: ${method.resourcePath} ${httpMethod} allows ${bucket.limits.rateLimit}/s, burst ${bucket.limits.burstLimit}`);
    }
    bucket.tokens -= 1;
  }

  /** The method's bucket, full at first; none when no setting applies. */
  private bucketOf(method: DeclaredMethod, httpMethod: string): Bucket | undefined {
    let bucket = this.buckets.get(method);
    if (bucket === undefined) {
      // Method paths name the resource path without its leading "/" and the method as declared.
      const limits = this.limits.get(`${method.resourcePath.slice(1)}/${method.httpMethod}`)
        ?? this.limits.get(`${method.resourcePath.slice(1)}/${httpMethod}`) ?? this.limits.get("*/*");
      if (limits === undefined) return undefined;
      bucket = { tokens: limits.burstLimit, updatedAt: this.now(), limits };
      this.buckets.set(method, bucket);
    }
    return bucket;
  }
}
