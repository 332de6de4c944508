/**
 * A seeded storm of random and hostile requests for the local gateway, sent over real sockets, and the
 * checks that an answer is one API Gateway could give.
 */
import got, { type Method } from "got";
import * as net from "node:net";
import { Readable } from "node:stream";
import { MAX_BODY_BYTES } from "../../gateway/gateway.ts";
export const SEED = seedFromEnvironment();
export const CASES = 3000;
export const CONCURRENCY = 32;
/** The storm stops starting cases after this long, so the test stays bounded on a slow machine. */
export const STORM_BUDGET_MS = 10_000;
/** Fewer cases than this within the budget means the gateway slowed to a crawl. */
export const MIN_CASES = 500;
export const ANSWER_TIMEOUT_MS = 5_000;
/** What API Gateway, or node's HTTP parser in front of it (400, 431), answers with. */
// 204: the dev stack's CORS preflights (OPTIONS) answer it.
const API_GATEWAY_STATUSES = new Set([200, 204, 400, 403, 413, 415, 431, 500, 502, 504]);

/** `GATEWAY_FUZZ_SEED` when set (to replay a failure), else a fresh one. */
function seedFromEnvironment(): number {
  const text = process.env.GATEWAY_FUZZ_SEED;
  if (text === undefined) return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`GATEWAY_FUZZ_SEED must be an integer in [0, 2^32), got "${text}"`);
  return seed;
}

/** mulberry32: a small seeded PRNG, so that a seed replays the same storm. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Fuzz {
  constructor(private readonly next: () => number) {}
  /** An integer in [min, max). */
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min)); }
  chance(probability: number): boolean { return this.next() < probability; }
  pick<T>(items: readonly T[]): T { return items[this.int(0, items.length)]; }
  text(length: number, alphabet: string): string { return Array.from({ length }, () => alphabet[this.int(0, alphabet.length)]).join(""); }
  bytes(length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) bytes[i] = this.int(0, 256);
    return bytes;
  }
}

type Outcome =
  | { kind: "answer"; status: number; headers: Record<string, string>; body: string }
  | { kind: "closed" | "hung" | "refused" | "client-abort" }
  | { kind: "garbled" | "client-error"; detail: string };

/** The outcomes a case accepts; every answer it gets must still be one API Gateway could give. */
type Acceptance = "answer" | "answer-or-closed" | "no-answer-needed" | "front-door-or-closed" | "request-too-long";

interface Case {
  readonly description: string;
  readonly method: string;
  readonly accepts: Acceptance;
  run(url: string, port: number): Promise<Outcome>;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const TOKEN_CHARS = `${LETTERS}!#$%&'*+-.^_\`|~`;
const VALUE_CHARS = `${LETTERS} !"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~\u00e9\u00fc\u00a0\u00ff`;
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const ODD_METHODS = ["TRACE", "PROPFIND", "PURGE", "FOO", "M-SEARCH"];
const SEGMENTS = ["%zz", "%", "%2", "%E2%9C%93", "%ED%A0%80", "%2F", "%00", "..", ".", "", "a%20b", "+", "\u2713", "\u6f22\u5b57", "\ud83d\ude00", "{proxy+}", "~"];
const QUERY_PARTS = ["%zz", "%", "a+b", "=", "", "k", "k=", "=v", "query1=querystring1", "x=1&x=2", "\u2713=\u2713", "a=%ED%A0%80", "'=\"", "%26=%3D"];
const CONTENT_TYPES = [
  "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/octet-stream",
  "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", ";;;", "application/json;",
];
const MALFORMED_JSON = ['{"a":', "{'a':1}", "[1,2", '{"a":1}}', "nul", '"unterminated', '{"a":"\\ud800"}', "\u0000{}", "{\"keybody\":\"valuebody\"", "]["];
const GARBAGE = [
  "\r\n\r\n\r\n", "GET\r\n\r\n", "GET /dev/lambda/x HTTP/9.9\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
  "GET /dev/lambda/x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
  "POST /dev/lambda/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
  "POST /dev/lambda/x HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "A".repeat(40_000),
];

function word(f: Fuzz): string {
  const text = f.text(f.int(1, 12), LETTERS);
  // The echo backend answers /delay/<n> late, and a ".." path can reach it through the HTTP route.
  return text === "delay" ? "d" : text;
}

function randomPath(f: Fuzz): string {
  const stage = f.pick(["dev", "dev", "dev", "dev", "prod", "DEV", "", "%64ev"]);
  const route = f.pick(["lambda", "lambda", "http", "http", "nowhere", "", "LAMBDA"]);
  const rest = Array.from({ length: f.int(0, 6) }, () => (f.chance(0.5) ? word(f) : f.pick(SEGMENTS)));
  const long = f.chance(0.03) ? [f.text(f.int(1000, 12_000), LETTERS)] : [];
  return `/${[stage, route, ...rest, ...long].join("/")}`;
}

function randomQuery(f: Fuzz): string {
  if (f.chance(0.3)) return f.chance(0.1) ? "?" : "";
  return `?${Array.from({ length: f.int(1, 6) }, () => (f.chance(0.5) ? `${word(f)}=${word(f)}` : f.pick(QUERY_PARTS))).join("&")}`;
}

function randomHeaders(f: Fuzz): Record<string, string> {
  const headers: Record<string, string> = {};
  if (f.chance(0.8)) headers["Content-Type"] = f.pick(CONTENT_TYPES);
  if (f.chance(0.3)) headers.Accept = f.pick(["application/json", "*/*", "text/html", "application/xml", "%%"]);
  if (f.chance(0.1)) headers.Host = f.pick(["example.com", "[::1]:3000", "a:b:c", "x".repeat(300)]);
  for (let i = f.int(0, 5); i > 0; i--) {
    headers[f.chance(0.3) ? f.pick(["header1", "X-Forwarded-For", "X-Amzn-Trace-Id", "Authorization", "Cookie", "User-Agent"]) : f.text(f.int(1, 30), TOKEN_CHARS)] =
      f.text(f.int(0, 200), VALUE_CHARS).trim();
  }
  return headers;
}

function randomBody(f: Fuzz): string | Buffer | undefined {
  switch (f.int(0, 8)) {
    case 0: return undefined;
    case 1: return "";
    case 2: return JSON.stringify({ [word(f)]: [word(f), f.int(0, 1e9), null, { nested: f.chance(0.5) }] });
    case 3: return f.pick(MALFORMED_JSON);
    case 4: return f.bytes(f.int(1, 16_384));
    case 5: return nestedJson(f.int(10, 500));
    case 6: return f.text(f.int(1, 2000), `${VALUE_CHARS}\ud800\u2028\u0000\n"\\`);
    default: return '{"keybody":"valuebody"}';
  }
}

function nestedJson(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}

/** A request sent with got: random method, path, query, headers and body; sometimes abandoned by the client. */
function gotCase(f: Fuzz): Case {
  const method = f.chance(0.92) ? f.pick(METHODS) : f.pick(ODD_METHODS);
  const path = randomPath(f) + randomQuery(f);
  const headers = randomHeaders(f);
  const body = method === "HEAD" || (method === "GET" && f.chance(0.8)) ? undefined : randomBody(f);
  const abortAfterMs = f.chance(0.04) ? f.int(0, 20) : undefined;
  return {
    description: `${method} ${path} ${JSON.stringify(headers)} body ${describeBody(body)}${abortAfterMs === undefined ? "" : `, abandoned after ${abortAfterMs} ms`}`,
    method,
    accepts: abortAfterMs === undefined ? "answer" : "no-answer-needed",
    run: (url) => viaGot(`${url}${path}`, method, headers, body, abortAfterMs),
  };
}

function hugeHeaderCase(f: Fuzz): Case {
  const size = f.int(10_000, 24_000);
  const method = f.pick(["GET", "POST"]);
  const path = f.pick(["/dev/lambda/a", "/dev/http/a"]);
  return {
    description: `${method} ${path} with a ${size}-byte header value`,
    method,
    accepts: "answer-or-closed",
    run: (url) => viaGot(`${url}${path}`, method, { "Content-Type": "application/json", "X-Huge": "h".repeat(size) }, method === "POST" ? "{}" : undefined),
  };
}

/**
 * JSON nested deeper than any recursive walk survives, to the Lambda route only: the HTTP route's
 * echo would answer it pretty-printed, in a body that grows with the square of the depth.
 */
function deepJsonCase(f: Fuzz): Case {
  const depth = f.int(5_000, 100_000);
  return {
    description: `POST /dev/lambda/deep with JSON nested ${depth} deep`,
    method: "POST",
    accepts: "answer",
    run: (url) => viaGot(`${url}/dev/lambda/deep`, "POST", { "Content-Type": "application/json" }, nestedJson(depth)),
  };
}

/** Above the payload quota; sent with a length or chunked. */
function tooLargeCase(f: Fuzz, chunked: boolean): Case {
  const size = MAX_BODY_BYTES + f.int(1, 1000);
  const path = f.pick(["/dev/lambda/big", "/dev/http/big"]);
  const body = () => (chunked ? Readable.from(Array.from({ length: 11 }, () => Buffer.alloc(Math.ceil(size / 11), "x"))) : Buffer.alloc(size, "x"));
  return {
    description: `POST ${path} with a ${chunked ? "chunked " : ""}${size}-byte body`,
    method: "POST",
    accepts: "request-too-long",
    run: (url) => viaGot(`${url}${path}`, "POST", { "Content-Type": "application/json" }, body()),
  };
}

/** A request written by hand: what got cannot send (raw dot segments, raw UTF-8, bad tokens and header lines). */
function rawRequestCase(f: Fuzz): Case {
  const method = f.chance(0.85) ? f.pick(METHODS) : f.pick(["get", "FOO", "G T", "", "M-SEARCH", "POST\u0000"]);
  const path = randomPath(f).replace(/%64ev/, f.pick(["dev", "dev/..", "dev/./lambda"])) + (f.chance(0.05) ? f.pick([" ", "\u0001", "#frag"]) : "") + randomQuery(f);
  const body = method === "HEAD" ? Buffer.alloc(0) : Buffer.from(randomBody(f) ?? "");
  const lines = Object.entries(randomHeaders(f)).map(([name, value]) => `${name}: ${value}`);
  if (f.chance(0.95)) lines.push("Host: localhost");
  if (f.chance(0.2)) lines.push(f.pick(["X-Bad: \u0001\u0002", "Bad Name: v", "NoColon", " folded", "X-Nul: a\u0000b", ": empty-name"]));
  lines.push(`Content-Length: ${body.length}`, "Connection: close");
  const head = `${lines.join("\r\n")}\r\n\r\n`;
  const bytes = Buffer.concat([Buffer.from(`${method} ${path} HTTP/1.1\r\n`, "utf8"), Buffer.from(head, "latin1"), body]);
  return { description: `raw ${JSON.stringify(bytes.subarray(0, 300).toString("latin1"))}`, method, accepts: "answer", run: (_, port) => exchange(port, bytes, {}) };
}

/** A connection the client drops mid-request. */
function abortedUploadCase(f: Fuzz): Case {
  const path = f.pick(["/dev/lambda/abort", "/dev/http/abort"]);
  const declared = f.int(2, 1_000_000);
  const bytes = Buffer.from(f.pick([
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n{"keybody":`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Le`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
  ]), "latin1");
  const afterMs = f.int(0, 30);
  return {
    description: `raw ${JSON.stringify(bytes.toString("latin1"))} dropped after ${afterMs} ms`,
    method: "POST",
    accepts: "no-answer-needed",
    run: (_, port) => exchange(port, bytes, { destroyAfterMs: afterMs }),
  };
}

function garbageCase(f: Fuzz): Case {
  const bytes = f.chance(0.5) ? f.bytes(f.int(1, 4096)) : Buffer.from(f.pick(GARBAGE), "latin1");
  return {
    description: `garbage ${JSON.stringify(bytes.subarray(0, 80).toString("latin1"))} (${bytes.length} bytes)`,
    method: "",
    accepts: "front-door-or-closed",
    run: (_, port) => exchange(port, bytes, { halfClose: true }),
  };
}

export function storm(f: Fuzz): Case[] {
  const cases = Array.from({ length: CASES }, () => {
    const roll = f.int(0, 100);
    if (roll < 73) return gotCase(f);
    if (roll < 74) return deepJsonCase(f);
    if (roll < 86) return rawRequestCase(f);
    if (roll < 89) return hugeHeaderCase(f);
    if (roll < 94) return abortedUploadCase(f);
    return garbageCase(f);
  });
  // Early enough to run within the time budget.
  for (const chunked of [false, false, true]) cases.splice(f.int(0, MIN_CASES), 0, tooLargeCase(f, chunked));
  return cases;
}

async function viaGot(url: string, method: string, headers: Record<string, string>, body: string | Buffer | Readable | undefined, abortAfterMs?: number): Promise<Outcome> {
  const signal = abortAfterMs === undefined ? undefined : AbortSignal.timeout(abortAfterMs);
  try {
    const response = await got(url, {
      method: method as Method, // any token: odd methods are the point
      headers, body, signal, throwHttpErrors: false, retry: { limit: 0 }, allowGetBody: true, followRedirect: false,
      decompress: false, timeout: { request: ANSWER_TIMEOUT_MS },
    });
    const flat = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
    return { kind: "answer", status: response.statusCode, headers: flat, body: response.body };
  } catch (error) {
    if (signal?.aborted) return { kind: "client-abort" };
    return outcomeOfError(error as NodeJS.ErrnoException);
  }
}

function outcomeOfError(error: NodeJS.ErrnoException): Outcome {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return { kind: "refused" };
  if (code === "ETIMEDOUT") return { kind: "hung" };
  if (["ECONNRESET", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE"].includes(code)) return { kind: "closed" };
  if (code.startsWith("HPE_")) return { kind: "garbled", detail: error.message };
  return { kind: "client-error", detail: `${code} ${error.message}` };
}

/** Writes `bytes` on a fresh connection and reads until the server closes it. */
function exchange(port: number, bytes: Buffer, options: { halfClose?: boolean; destroyAfterMs?: number }): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1");
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: "hung" }), ANSWER_TIMEOUT_MS);
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") finish({ kind: "refused" });
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", () => finish(parseAnswer(Buffer.concat(chunks))));
    socket.write(bytes);
    if (options.halfClose) socket.end();
    if (options.destroyAfterMs !== undefined) setTimeout(() => finish({ kind: "client-abort" }), options.destroyAfterMs);
  });
}

function parseAnswer(bytes: Buffer): Outcome {
  if (bytes.length === 0) return { kind: "closed" };
  const text = bytes.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const status = /^HTTP\/1\.[01] (\d{3}) /.exec(text)?.[1];
  if (end === -1 || status === undefined) return { kind: "garbled", detail: JSON.stringify(text.slice(0, 200)) };
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const raw = Buffer.from(text.slice(end + 4), "latin1");
  const body = headers["transfer-encoding"] === "chunked" ? dechunk(raw.toString("latin1")) : raw.toString("utf8");
  return { kind: "answer", status: Number(status), headers, body };
}

function dechunk(text: string): string {
  let body = "";
  for (let at = 0, size = -1; size !== 0 && at < text.length;) {
    const lineEnd = text.indexOf("\r\n", at);
    size = parseInt(text.slice(at, lineEnd), 16);
    body += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
  return body;
}

export function problemWith(test: Case, outcome: Outcome): string | undefined {
  if (outcome.kind === "answer") {
    if (test.accepts === "request-too-long") return tooLongProblem(outcome);
    if (test.accepts === "front-door-or-closed") return [400, 431].includes(outcome.status) ? undefined : `expected 400 or a closed socket; got ${outcome.status}`;
    return answerProblem(outcome, test.method);
  }
  const closedIsFine = ["answer-or-closed", "front-door-or-closed", "no-answer-needed"].includes(test.accepts);
  if (outcome.kind === "closed" && closedIsFine) return undefined;
  if (outcome.kind === "client-abort" && test.accepts === "no-answer-needed") return undefined;
  return `expected ${test.accepts}; got ${"detail" in outcome ? `${outcome.kind}: ${outcome.detail}` : outcome.kind}`;
}

type Answer = Extract<Outcome, { kind: "answer" }>;

function answerProblem(answer: Answer, method: string): string | undefined {
  if (!API_GATEWAY_STATUSES.has(answer.status)) return `expected a status API Gateway answers with; got ${answer.status}`;
  if (answer.headers["x-amzn-errortype"] !== undefined) return gatewayErrorProblem(answer, method);
  // Without a request id the gateway never saw the request: node's parser refused it.
  if (answer.headers["x-amzn-requestid"] === undefined && (![400, 431].includes(answer.status) || answer.body !== "")) {
    return `expected a gateway answer or the parser's empty 400/431; got ${answer.status} ${JSON.stringify(answer.body.slice(0, 100))}`;
  }
  return undefined;
}

function gatewayErrorProblem(answer: Answer, method: string): string | undefined {
  if (answer.headers["content-type"] !== "application/json") return `expected a gateway error as application/json; got ${answer.headers["content-type"]}`;
  if (method === "HEAD") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `expected a JSON gateway error body; got ${JSON.stringify(answer.body.slice(0, 100))}`;
  }
  const keys = body !== null && typeof body === "object" ? Object.keys(body) : [];
  const isMessage = keys.length === 1 && typeof (body as { message?: unknown }).message === "string";
  return isMessage ? undefined : `expected {"message": string}; got ${answer.body.slice(0, 100)}`;
}

function tooLongProblem(answer: Answer): string | undefined {
  const shape = `${answer.status} ${answer.headers["x-amzn-errortype"]} ${answer.body}`;
  const expected = '413 RequestTooLargeException {"message":"Request Too Long"}';
  return shape === expected ? undefined : `expected ${expected}; got ${shape.slice(0, 200)}`;
}

function describeBody(body: string | Buffer | undefined): string {
  if (body === undefined) return "none";
  const text = JSON.stringify(body.toString("latin1").slice(0, 60));
  return `${text}${body.length > 60 ? `… (${body.length})` : ""}`;
}
