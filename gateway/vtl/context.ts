/**
 * `$context`: what API Gateway tells a mapping template about the request.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
import { FinalMap, isMap, toJavaString } from "./java-values.ts";
import type { ResponseOverrideMap, TemplateContext } from "./types.ts";

/** Per-request facts the gateway knows; {@link buildTemplateContext} turns them into `$context`. */
export interface RequestFacts {
  /** `$context.requestId`, a UUID (also the `x-amzn-RequestId` response header). */
  readonly requestId: string;
  /** `$context.extendedRequestId` (also the `x-amz-apigw-id` response header). */
  readonly extendedRequestId: string;
  /** The client's method, never `ANY`. */
  readonly httpMethod: string;
  /** The resource template, e.g. `/lambda/{proxy+}`. */
  readonly resourcePath: string;
  /** The request path with the stage prefix, e.g. `/dev/lambda/a/b`. */
  readonly path: string;
  readonly stage: string;
  /** `$context.identity.sourceIp`: the immediate TCP peer. */
  readonly sourceIp: string;
  /** `$context.identity.userAgent`; omit when the client sent no User-Agent. */
  readonly userAgent?: string;
  readonly requestTime: Date;
  readonly apiId: string;
  readonly accountId: string;
  /** The deployment the stage serves. @default - null */
  readonly deploymentId?: string;
  /** The Host the client called; `domainPrefix` is its first label. */
  readonly domainName: string;
  /** @default "HTTP/1.1" */
  readonly protocol?: string;
  readonly resourceId: string;
  /** Authorizer output; values are stringified as API Gateway does. @default - no authorizer: no `authorizer` key, every `$context.authorizer.*` renders `""`. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  /** Extra `$context.identity.*` values, e.g. the test-invoke `apiKey`. @default - only sourceIp and userAgent are set. */
  readonly identity?: Readonly<Record<string, string>>;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
let formattedSecond = Number.NaN;
let formattedTime = "";

/**
 * Builds `$context` for one render. Unset documented fields are `null` (rendered `""`); the
 * `requestOverride` / `responseOverride` maps are writable once per key ("overrides are final").
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
 */
export function buildTemplateContext(facts: RequestFacts): TemplateContext {
  const context: TemplateContext = {
    accountId: facts.accountId,
    apiId: facts.apiId,
    awsEndpointRequestId: null,
    deploymentId: facts.deploymentId ?? null,
    domainName: facts.domainName,
    domainPrefix: domainPrefixOf(facts.domainName),
    extendedRequestId: facts.extendedRequestId,
    httpMethod: facts.httpMethod,
    identity: identityOf(facts),
    path: facts.path,
    protocol: facts.protocol ?? "HTTP/1.1",
    requestId: facts.requestId,
    requestTime: formatRequestTime(facts.requestTime),
    requestTimeEpoch: facts.requestTime.getTime(),
    resourceId: facts.resourceId,
    resourcePath: facts.resourcePath,
    stage: facts.stage,
    requestOverride: { header: new FinalMap(), querystring: new FinalMap(), path: new FinalMap() },
    responseOverride: responseOverrideMap(),
  };
  // Without an authorizer there is no `authorizer` key; `$context.authorizer.x` then renders "" as any null does.
  if (facts.authorizer !== undefined) context.authorizer = stringifyValues(facts.authorizer);
  return context;
}

/** CLF time, `dd/MMM/yyyy:HH:mm:ss +0000`, e.g. `09/Apr/2015:12:34:56 +0000`; cached per second. */
export function formatRequestTime(time: Date): string {
  const second = Math.floor(time.getTime() / 1000);
  if (second !== formattedSecond) {
    const day = pad(time.getUTCDate());
    const clock = `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())}`;
    formattedTime = `${day}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}:${clock} +0000`;
    formattedSecond = second;
  }
  return formattedTime;
}

function responseOverrideMap(): ResponseOverrideMap {
  return Object.assign(new FinalMap(), { header: new FinalMap() });
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function domainPrefixOf(domainName: string): string {
  const dot = domainName.indexOf(".");
  return dot < 0 ? domainName : domainName.slice(0, dot);
}

function identityOf(facts: RequestFacts): Record<string, unknown> {
  const identity: Record<string, unknown> = {
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: facts.sourceIp,
    user: null,
    userAgent: facts.userAgent ?? null,
    userArn: null,
  };
  return facts.identity === undefined ? identity : Object.assign(identity, facts.identity);
}

/** Authorizer values reach templates as strings (`1` → `"1"`, `true` → `"true"`); `claims` stays a map. */
function stringifyValues(source: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    result[key] = isMap(value) ? stringifyValues(value) : value === null || value === undefined ? null : toJavaString(value);
  }
  return result;
}
