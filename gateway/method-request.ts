/**
 * The method request: what API Gateway makes of a client's request before any mapping, the same for
 * the server, `npm run test-invoke` and `npm run render`: the headers it drops are gone, the ones a
 * Regional API adds are there, path parameters come from the route.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html
 */
import { headerValue, readHeaders } from "./request-mapping.ts";
import type { GatewayRequest } from "./types.ts";
import type { MethodRequestData } from "./vtl/types.ts";

/** Builds the method request of `request`, whose route gave `pathParameters` and whose query is parsed. */
export function methodRequestOf(
  request: GatewayRequest, pathParameters: Readonly<Record<string, string>>, query: Readonly<Record<string, readonly string[]>>, traceId: string,
): MethodRequestData {
  const headers = readHeaders(request.rawHeaders);
  addForwardedHeaders(headers, request, traceId);
  return { body: request.body.toString("utf8"), pathParameters, query, headers };
}

/** The headers a Regional API adds before the template sees them. */
function addForwardedHeaders(headers: Record<string, string[]>, request: GatewayRequest, traceId: string): void {
  const forwardedFor = headerValue(headers, "X-Forwarded-For");
  headers["X-Forwarded-For"] = [forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp];
  headers["X-Forwarded-Port"] = [String(request.localPort)];
  headers["X-Forwarded-Proto"] = [request.scheme ?? "http"];
  headers["X-Amzn-Trace-Id"] = [traceId];
}

/** API Gateway's extended request id is 15 characters and "="; derived from the request id, so no second random draw. */
export function extendedRequestIdOf(requestId: string): string {
  return `${requestId.slice(0, 8)}${requestId.slice(9, 13)}${requestId.slice(14, 17)}=`;
}

let epochSecond = 0;
let epochSecondHex = "";

/** An X-Ray trace header (`Root=1-<epoch seconds hex>-<24 hex>`) for a request received at `time`, its random part taken from the request id. */
export function traceIdOf(requestId: string, time: Date): string {
  const second = Math.floor(time.getTime() / 1000);
  if (second !== epochSecond) {
    epochSecond = second;
    epochSecondHex = second.toString(16);
  }
  return `Root=1-${epochSecondHex}-${requestId.slice(9, 13)}${requestId.slice(14, 18)}${requestId.slice(19, 23)}${requestId.slice(24)}`;
}

/** The path of a request URL, without its query. */
export function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}
