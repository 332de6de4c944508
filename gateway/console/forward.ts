/**
 * Sends a request to the served API over loopback, the way a client would, for the console's replay
 * and the playground's send; answers with the status and the request id the gateway gave it.
 */
import * as http from "node:http";
import type { SendAnswer } from "./protocol.ts";

/** Headers node writes itself for the request it sends. */
const NOT_FORWARDED = new Set(["host", "content-length", "transfer-encoding", "connection"]);

export interface OutgoingRequest {
  readonly method: string;
  /** Path and query, stage included. */
  readonly url: string;
  /** Name, value, name, value… */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

/** @param apiUrl e.g. `http://127.0.0.1:3000` */
export function forward(apiUrl: string, request: OutgoingRequest): Promise<SendAnswer> {
  const target = new URL(apiUrl);
  // Given as a list, headers keep their case and order, and node adds no Host of its own.
  const headers: string[] = ["Host", target.host];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    if (!NOT_FORWARDED.has(request.rawHeaders[i].toLowerCase())) headers.push(request.rawHeaders[i], request.rawHeaders[i + 1]);
  }
  if (request.body.length > 0 || !["GET", "HEAD"].includes(request.method)) headers.push("Content-Length", String(request.body.length));
  return new Promise((resolve, reject) => {
    const outgoing = http.request({
      hostname: target.hostname.replace(/^\[|\]$/g, ""), port: target.port, method: request.method, path: request.url, headers, agent: false,
    }, (response) => {
      response.resume();
      response.on("end", () => {
        const requestId = response.headers["x-amzn-requestid"];
        resolve({ status: response.statusCode ?? 0, requestId: typeof requestId === "string" ? requestId : undefined });
      });
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}
