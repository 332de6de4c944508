/**
 * CORS for a REST API's routes, declared as API Gateway needs it: an `OPTIONS` preflight (MOCK
 * integration) on each route, `Access-Control-Allow-Origin` on every response the routes give, and on
 * the gateway's own error responses (DEFAULT_4XX, DEFAULT_5XX), which never pass through the routes'
 * method responses. API Gateway adds none of this by itself.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html
 */
import type { IntegrationResponseSpec, IntegrationSpec } from "./integration-spec.ts";

export interface CorsSettings {
  /** `["*"]`, or the origins (`https://app.example.com`) allowed to call the API from a browser. */
  allowOrigins: string[];
  /**
   * Request headers a browser may send.
   * @default DEFAULT_CORS_HEADERS
   */
  allowHeaders?: string[];
  /**
   * How long a browser may cache a preflight's answer.
   * @default - the browser's default (5 s in Chromium)
   */
  maxAgeSeconds?: number;
}

/** The headers API Gateway's own tooling allows by default (AWS CDK's `Cors.DEFAULT_HEADERS`). */
export const DEFAULT_CORS_HEADERS = ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token", "X-Amz-User-Agent"];
/** What `ANY` stands for. */
export const CORS_METHODS = "OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD";
/** What a preflight answers. */
export const PREFLIGHT_STATUS = "204";

/** A gateway response (`aws.apigateway.Response`): how API Gateway answers one kind of its own errors. */
export interface GatewayResponseSpec {
  /** e.g. `DEFAULT_4XX` */
  responseType: string;
  /** `gatewayresponse.header.<Name>` → a `'static'` value or a request parameter. */
  responseParameters?: Record<string, string>;
}

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** What is wrong with a list of allowed origins, as a configuration message; undefined when nothing is. */
export function allowOriginsProblem(origins: string[]): string | undefined {
  const got = `got ${JSON.stringify(origins)}`;
  if (origins.includes("*") && origins.length > 1) return `must be ["*"] alone or a list of origins, ${got}`;
  if (origins.some((origin) => origin !== "*" && !ORIGIN.test(origin))) {
    return `must hold origins such as "https://app.example.com" (scheme, host, optional port; no path), ${got}`;
  }
  if (new Set(origins).size !== origins.length) return `must not repeat an origin, ${got}`;
  return undefined;
}

/** The OPTIONS method's integration: a MOCK answering 204 with the CORS headers and no body. */
export function corsPreflight(settings: CorsSettings): IntegrationSpec {
  const preflight: IntegrationResponseSpec = {
    statusCode: PREFLIGHT_STATUS,
    responseParameters: {
      ...allowOriginParameters(settings.allowOrigins),
      "method.response.header.Access-Control-Allow-Methods": quoted(CORS_METHODS),
      "method.response.header.Access-Control-Allow-Headers": quoted((settings.allowHeaders ?? DEFAULT_CORS_HEADERS).join(",")),
      ...(settings.maxAgeSeconds === undefined ? {} : { "method.response.header.Access-Control-Max-Age": quoted(String(settings.maxAgeSeconds)) }),
    },
    ...originEcho(settings.allowOrigins, ""),
  };
  return {
    type: "MOCK",
    // A browser's preflight has no Content-Type: API Gateway then uses the application/json template.
    passthroughBehavior: "WHEN_NO_MATCH",
    requestTemplates: { "application/json": `{"statusCode": ${PREFLIGHT_STATUS}}` },
    methodRequestParameters: {},
    requestParameters: {},
    responses: [preflight],
  };
}

/** The integration with `Access-Control-Allow-Origin` (and `Vary: Origin`) added to every response it gives. */
export function withCorsHeaders(spec: IntegrationSpec, settings: CorsSettings): IntegrationSpec {
  const responses = spec.responses.map((response) => {
    const template = response.responseTemplates?.["application/json"];
    return {
      ...response,
      responseParameters: { ...response.responseParameters, ...allowOriginParameters(settings.allowOrigins) },
      ...originEcho(settings.allowOrigins, template ?? "$input.body", response.responseTemplates),
    };
  });
  return { ...spec, responses };
}

/**
 * DEFAULT_4XX and DEFAULT_5XX with `Access-Control-Allow-Origin`, so that a browser sees the gateway's
 * 401, 403, 429 or 5xx instead of a CORS failure. Gateway response templates are not VTL, so with
 * several origins these carry the first one.
 */
export function corsGatewayResponses(settings: CorsSettings): GatewayResponseSpec[] {
  const origin = settings.allowOrigins[0];
  const responseParameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin": quoted(origin),
    ...(origin === "*" ? {} : { "gatewayresponse.header.Vary": quoted("Origin") }),
  };
  return ["DEFAULT_4XX", "DEFAULT_5XX"].map((responseType) => ({ responseType, responseParameters }));
}

/** The static `Access-Control-Allow-Origin` (the first origin) and, for a named origin, `Vary: Origin`. */
function allowOriginParameters(origins: string[]): Record<string, string> {
  const origin = origins[0];
  return {
    "method.response.header.Access-Control-Allow-Origin": quoted(origin),
    ...(origin === "*" ? {} : { "method.response.header.Vary": quoted("Origin") }),
  };
}

/**
 * With several origins, a response template that answers the request's `Origin` when it is one of
 * them (the static header carries the first), then renders `body`. Header names are case-sensitive
 * in a REST API's templates: HTTP/2 clients send `origin`.
 */
function originEcho(origins: string[], body: string, templates: Record<string, string> = {}): Pick<IntegrationResponseSpec, "responseTemplates"> {
  if (origins.length < 2) return Object.keys(templates).length === 0 ? {} : { responseTemplates: templates };
  const list = origins.map((origin) => `"${origin}"`).join(", ");
  const echo = "#set($corsOrigin = $input.params().header.get('Origin'))" +
    "#if(\"$!corsOrigin\" == \"\")#set($corsOrigin = $input.params().header.get('origin'))#end" +
    `#set($corsOrigins = [${list}])` +
    "#if($corsOrigins.contains($corsOrigin))#set($context.responseOverride.header.Access-Control-Allow-Origin = $corsOrigin)#end";
  return { responseTemplates: { ...templates, "application/json": `${echo}${body}` } };
}

function quoted(value: string): string {
  return `'${value}'`;
}
