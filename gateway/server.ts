/**
 * Adapts node:http to {@link Gateway.handle}: reads the body up to the payload quota, answers, and
 * writes one access-log line per request. Malformed requests and aborted connections are answered or
 * dropped without disturbing other requests. The API can be swapped while serving: a request is served
 * by the one in place when it arrived.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { Duplex } from "node:stream";
import { GATEWAY_ERRORS } from "./errors.ts";
import { errorResponse, MAX_BODY_BYTES, type Gateway } from "./gateway.ts";
import { listen } from "./listen.ts";
import type { AuthorizerRecord, ExecutionRecord } from "./types.ts";

/** Request line plus headers, in bytes. */
export const MAX_HEADER_BYTES = 10240;

export interface GatewayServerOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Receives one line per request; @default - none */
  readonly accessLog?: (line: string) => void;
  /** Receives each request's execution record once its answer is written (the console's request log); @default - none */
  readonly recordSink?: (record: ExecutionRecord) => void;
}

/** Holds the API being served; the server reads `current` once per request, as the request arrives. */
export interface GatewaySource {
  readonly current: Gateway;
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
    ...(record.authorizer ? { authorizer: authorizerLog(record.authorizer) } : {}),
    ...(record.failure ? { failure: record.failure } : {}),
  })}\n`;
}

/** The authorizer step in an access-log line: what decided, from where, how fast. */
function authorizerLog({ decision, cache, latencyMs }: AuthorizerRecord): Record<string, unknown> {
  return { decision, cache, latencyMs: Math.round(latencyMs) };
}

export function startGatewayServer(api: Gateway | GatewaySource, options: GatewayServerOptions = {}): Promise<RunningGateway> {
  const source: GatewaySource = "current" in api ? api : { current: api };
  // API Gateway allows 10240 bytes of request line and headers (API Gateway quotas).
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => serve(source.current, req, res, options));
  server.keepAliveTimeout = 30_000;
  // A client may half-close once its request is sent; node:http would then end the socket before an
  // answer that takes a while (an HTTP backend) is written. This node:http property is not in its types.
  (server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.on("clientError", answerUnreadableRequest);
  // A CONNECT is no method of the API.
  server.on("connect", (req: http.IncomingMessage, socket: Duplex) => {
    const { status, headers, body } = errorResponse(GATEWAY_ERRORS.missingAuthenticationToken, randomUUID());
    const head = Object.entries({ ...headers, "Content-Length": Buffer.byteLength(body), Connection: "close" }).map(([k, v]) => `${k}: ${v}\r\n`).join("");
    socket.end(`HTTP/1.1 ${status} Forbidden\r\n${head}\r\n${body}`);
  });
  return listen(server, options.host ?? "127.0.0.1", options.port ?? 0).then(({ address, port, close }) => ({
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    port,
    close,
  }));
}

/** A request node cannot parse: headers over the limit get 431, anything else that is not HTTP 400. */
function answerUnreadableRequest(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || err.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

function serve(gateway: Gateway, req: http.IncomingMessage, res: http.ServerResponse, { accessLog, recordSink }: GatewayServerOptions): void {
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
    const sourceIp = req.socket.remoteAddress ?? "127.0.0.1";
    if (tooLarge) {
      const requestId = randomUUID();
      const response = errorResponse(GATEWAY_ERRORS.requestTooLarge, requestId);
      const method = req.method ?? "GET";
      const url = req.url ?? "/";
      // The body is not kept: only that it was too large.
      const request = { method, url, rawHeaders: req.rawHeaders, body: Buffer.alloc(0), sourceIp, localPort: req.socket.localPort ?? 0 };
      const record = { requestId, request, requestTime: new Date(), method, path: url.split("?")[0], response, latencyMs: 0, failure: "body above 10 MB" };
      send({ res, sourceIp, accessLog, recordSink, record });
      return;
    }
    gateway.handle({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      rawHeaders: req.rawHeaders,
      body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
      sourceIp,
      localPort: req.socket.localPort ?? 0,
    }).then((record) => send({ res, record, sourceIp, accessLog, recordSink }));
  });
}

/**
 * Answers are written at the end of the event loop's turn, all together. Each still costs one socket
 * write, but under `npm run bench` this cut the gateway's CPU time per request by a quarter to a half
 * on virtual machines (our reading of the profiles: much of a write's cost is waking the client's CPU
 * when it sleeps, which writes that follow each other pay about once per turn). A lone request waits
 * only for the rest of the turn it was answered in.
 */
const pendingAnswers: Answer[] = [];

/** An answer waiting to be written, and what to log once it is. */
interface Answer {
  readonly res: http.ServerResponse;
  readonly record: ExecutionRecord;
  readonly sourceIp: string;
  readonly accessLog?: (line: string) => void;
  readonly recordSink?: (record: ExecutionRecord) => void;
}

function send(answer: Answer): void {
  if (pendingAnswers.push(answer) === 1) setImmediate(writePendingAnswers);
}

function writePendingAnswers(): void {
  for (const answer of pendingAnswers.splice(0)) {
    try {
      writeAnswer(answer);
    } catch {
      answer.res.destroy();
    }
  }
}

/** Writes the answer, then logs it (or that its client left first). */
function writeAnswer({ res, record, sourceIp, accessLog, recordSink }: Answer): void {
  if (res.destroyed) {
    const unanswered = { ...record, failure: "the client left before its answer" };
    accessLog?.(accessLogLine(unanswered, sourceIp));
    recordSink?.(unanswered);
    return;
  }
  const { status, headers, body } = record.response;
  res.writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
  accessLog?.(accessLogLine(record, sourceIp));
  recordSink?.(record);
}
