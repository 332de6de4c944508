/**
 * The seed document's request and what each route's backend must have received from it. One contract
 * for every gateway that serves this API: the deployed stage (tests/aws) and the local gateway.
 *
 * The seed's curl: POST <route>/path1/path2?query1=querystring1&query2=querystring2 with headers
 * header1: value1, header2: value2, Content-Type: application/json and body {"keybody":"valuebody"}.
 */
import { isDeepStrictEqual } from "node:util";
import got from "got";
import { asRecord, expectEqual, fail, parseJson } from "./expect.ts";

/** The seed's request, relative to a route URL such as `<invokeUrl>/lambda`. */
export const SEED_REQUEST = {
  method: "POST",
  pathSuffix: "/path1/path2",
  query: { query1: "querystring1", query2: "querystring2" },
  headers: { header1: "value1", header2: "value2", "Content-Type": "application/json" },
  body: '{"keybody":"valuebody"}',
} as const;

/** What the assertions read from a response. */
export interface SeedResponse {
  statusCode: number;
  body: string;
}

/** The event the passthrough template renders from the seed's request. */
export interface PassthroughEvent {
  method: string;
  authcontext: string;
  "body-json": unknown;
  params: { path: Record<string, string>; querystring: Record<string, string>; header: Record<string, string> };
}

/** The httpbin `/anything` echo the HTTP route returns. */
export interface AnythingEcho {
  method: string;
  url: string;
  args: Record<string, unknown>;
  headers: Record<string, unknown>;
  json: PassthroughEvent;
}

/** `<routeUrl>/path1/path2?query1=querystring1&query2=querystring2` */
export function seedUrl(routeUrl: string): string {
  const url = new URL(`${routeUrl.replace(/\/+$/, "")}${SEED_REQUEST.pathSuffix}`);
  for (const [name, value] of Object.entries(SEED_REQUEST.query)) url.searchParams.append(name, value);
  return url.toString();
}

/**
 * Sends the seed's request to a route, with `headers` added (e.g. the authorizer's). HTTP error statuses come back as responses (never thrown), and
 * nothing is retried, so each call is exactly one request.
 */
export async function sendSeedRequest(routeUrl: string, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<SeedResponse> {
  const response = await got(seedUrl(routeUrl), {
    method: SEED_REQUEST.method,
    headers: { ...SEED_REQUEST.headers, ...options.headers },
    body: SEED_REQUEST.body,
    throwHttpErrors: false,
    retry: { limit: 0 },
    timeout: { request: options.timeoutMs ?? 35_000 },
  });
  return { statusCode: response.statusCode, body: response.body };
}

/**
 * The Lambda route: status 200 and the echo function's result `{ statusCode: 200, body: "<event JSON>" }`
 * (a custom integration returns the function's result as the response body), whose event is the seed's.
 * @param authcontext the `authcontext` the event must hold: the authorizer's `stringkey`, or empty.
 * @returns the event the function received.
 */
export function assertLambdaRouteEcho(response: SeedResponse, authcontext = ""): PassthroughEvent {
  expectEqual("Lambda route: status", response.statusCode, 200, response.body);
  const result = asRecord("Lambda route: body", parseJson("Lambda route: body", response.body));
  expectEqual("Lambda route: result.statusCode", result.statusCode, 200);
  if (typeof result.body !== "string") fail("Lambda route: result.body", "the event as a JSON string", result.body);
  const event = parseJson("Lambda route: result.body", result.body);
  assertSeedEvent("Lambda route: event", event, authcontext);
  return event;
}

/**
 * The HTTP route: status 200 and httpbin's `/anything` echo of what API Gateway sent: a POST (the
 * integration's method) to `/anything/path1/path2` with only the mapped query strings, the rendered
 * template as JSON body, and none of the client's headers (an HTTP custom integration forwards none
 * unless mapped).
 * @returns the echo.
 */
export function assertHttpRouteEcho(response: SeedResponse, authcontext = ""): AnythingEcho {
  expectEqual("HTTP route: status", response.statusCode, 200, response.body);
  const echo = asRecord("HTTP route: body", parseJson("HTTP route: body", response.body));
  expectEqual("HTTP route: echo.method", echo.method, "POST");
  expectEqual("HTTP route: echo.args (only mapped query strings reach the backend)", echo.args, SEED_REQUEST.query);
  assertEchoUrl(echo.url);
  const headers = asRecord("HTTP route: echo.headers", echo.headers);
  const leaked = Object.keys(headers).filter((name) => name.toLowerCase() === "header1");
  if (leaked.length > 0) {
    fail("HTTP route: echo.headers (client headers are not forwarded unless mapped)", "no header1",
      Object.fromEntries(leaked.map((name) => [name, headers[name]])));
  }
  assertSeedEvent("HTTP route: echo.json", echo.json, authcontext);
  return echo as unknown as AnythingEcho;
}

function assertEchoUrl(url: unknown): void {
  const what = "HTTP route: echo.url";
  const expected = `a URL ending with /anything${SEED_REQUEST.pathSuffix}?query1=querystring1&query2=querystring2`;
  if (typeof url !== "string") fail(what, expected, url);
  const [path, query = ""] = url.split("?", 2);
  const sorted = (q: string) => [...new URLSearchParams(q)].sort(([a], [b]) => a.localeCompare(b));
  const queryMatches = isDeepStrictEqual(sorted(query), Object.entries(SEED_REQUEST.query));
  if (!path.endsWith(`/anything${SEED_REQUEST.pathSuffix}`) || !queryMatches) fail(what, expected, url);
}

/**
 * The passthrough template's rendering of the seed's request; `authcontext` is the authorizer's
 * `stringkey` context value, empty when the route has no authorizer.
 */
export function assertSeedEvent(what: string, event: unknown, authcontext = ""): asserts event is PassthroughEvent {
  const e = asRecord(what, event);
  expectEqual(`${what}.method`, e.method, "POST");
  expectEqual(`${what}.authcontext`, e.authcontext, authcontext);
  expectEqual(`${what}["body-json"]`, e["body-json"], JSON.parse(SEED_REQUEST.body));
  const params = asRecord(`${what}.params`, e.params);
  expectEqual(`${what}.params.path.proxy`, asRecord(`${what}.params.path`, params.path).proxy, "path1/path2");
  expectEqual(`${what}.params.querystring`, params.querystring, SEED_REQUEST.query);
  const header = asRecord(`${what}.params.header`, params.header);
  expectEqual(`${what}.params.header.header1`, header.header1, SEED_REQUEST.headers.header1);
  expectEqual(`${what}.params.header.header2`, header.header2, SEED_REQUEST.headers.header2);
}
