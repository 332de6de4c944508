/**
 * The console server's answers and its checks on who asks: it answers only requests addressed to an
 * IP address or localhost (a page on another site cannot reach it through a DNS name of its own), and
 * changes nothing for a page of another origin.
 */
import type * as http from "node:http";
import { isIP } from "node:net";

/** Largest request body the console reads: a template (300 KB) and a request. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The page loads nothing from elsewhere and runs no inline script. */
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** @throws HttpError 421 when the Host is a name other than localhost; 403 for a change asked by another origin. */
export function checkCaller(req: http.IncomingMessage): void {
  const host = req.headers.host ?? "";
  const hostname = host.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  if (hostname !== "localhost" && isIP(hostname) === 0) throw new HttpError(421, `the console answers only at an IP address or localhost, not "${hostname}"`);
  if (req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, `a page of ${origin} may not use the console`);
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) throw new HttpError(415, "send JSON");
}

export function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `at most ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        reject(new HttpError(400, "the body is not JSON"));
      }
    });
  });
}

export function sendJson(res: http.ServerResponse, value: unknown, status = 200): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value));
}

export function sendPage(res: http.ServerResponse, contentType: string, body: string): void {
  send(res, 200, contentType, body, contentType.startsWith("text/html") ? { "Content-Security-Policy": PAGE_POLICY } : {});
}

/** A text to save, never to render: a hostile body stays a file. */
export function sendDownload(res: http.ServerResponse, name: string, text: string): void {
  send(res, 200, "application/octet-stream", text, { "Content-Disposition": `attachment; filename="${name}"` });
}

export function sendError(res: http.ServerResponse, status: number, message: string): void {
  send(res, status, "text/plain; charset=utf-8", message);
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    ...extra,
  });
  res.end(body);
}
