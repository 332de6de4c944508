/**
 * Adapts node:http to {@link Gateway.handle}: reads the body up to the payload quota, answers, and
 * writes one access-log line per request. Malformed requests and aborted connections are answered or
 * dropped without disturbing other requests.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { GATEWAY_ERRORS } from "./errors.ts";
import { errorResponse, MAX_BODY_BYTES, type Gateway } from "./gateway.ts";
import type { ExecutionRecord, GatewayResponse } from "./types.ts";

export interface GatewayServerOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Receives one line per request; @default - none */
  readonly accessLog?: (line: string) => void;
}

export interface RunningGateway {
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** One access-log line, as JSON, in the spirit of API Gateway's `$context` access-log variables. */
export function accessLogLine(record: ExecutionRecord, sourceIp: string): string {
  return `${JSON.stringify({
    requestId: record.requestId,
    ip: sourceIp,
    method: record.method,
    path: record.path,
    status: record.response.status,
    latencyMs: Math.round(record.latencyMs),
    integrationLatencyMs: record.integrationLatencyMs === undefined ? null : Math.round(record.integrationLatencyMs),
    ...(record.failure ? { failure: record.failure } : {}),
  })}\n`;
}

export function startGatewayServer(gateway: Gateway, options: GatewayServerOptions = {}): Promise<RunningGateway> {
  const server = http.createServer((req, res) => serve(gateway, req, res, options.accessLog));
  server.keepAliveTimeout = 30_000;
  // A request line that is not HTTP gets a plain 400, as a front door would give it.
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { port, address } = server.address() as AddressInfo;
      resolve({
        url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
        port,
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

function serve(gateway: Gateway, req: http.IncomingMessage, res: http.ServerResponse, accessLog?: (line: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on("error", () => res.destroy());
  req.on("end", () => {
    if (tooLarge) {
      send(res, errorResponse(GATEWAY_ERRORS.requestTooLarge, randomUUID()));
      return;
    }
    const sourceIp = req.socket.remoteAddress ?? "127.0.0.1";
    gateway.handle({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      rawHeaders: req.rawHeaders,
      body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
      sourceIp,
      localPort: req.socket.localPort ?? 0,
    }).then((record) => {
      send(res, record.response);
      accessLog?.(accessLogLine(record, sourceIp));
    });
  });
}

function send(res: http.ServerResponse, response: GatewayResponse): void {
  if (res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, "Content-Length": Buffer.byteLength(response.body) });
  res.end(response.body);
}
