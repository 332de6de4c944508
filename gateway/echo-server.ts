/**
 * A loopback stand-in for httpbin's `/anything`: it answers any method on any path under
 * `/anything` with what it received (method, args, headers, data, json, url), so the HTTP route can be
 * exercised with no network. `/delay/<seconds>` answers late, for timeouts.
 * @see https://httpbin.org/#/Anything
 */
import * as http from "node:http";
import { listen } from "./listen.ts";

/** What the echo answers, in httpbin's shape. */
export interface EchoBody {
  args: Record<string, string | string[]>;
  data: string;
  files: Record<string, never>;
  form: Record<string, never>;
  headers: Record<string, string>;
  json: unknown;
  method: string;
  origin: string;
  url: string;
}

export interface RunningEcho {
  /** Base URL of the echo route, e.g. `http://127.0.0.1:40123/anything`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Starts the echo on `host` and `port` (0: any free port). */
export function startEchoServer(host = "127.0.0.1", port = 0): Promise<RunningEcho> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? host}`);
      const delay = /^\/delay\/(\d+(?:\.\d+)?)$/.exec(url.pathname);
      if (delay) {
        // httpbin's /delay/<seconds>: answers after that long (at most 10 s).
        setTimeout(() => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"), Math.min(Number(delay[1]), 10) * 1000);
        return;
      }
      if (url.pathname !== "/anything" && !url.pathname.startsWith("/anything/")) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("Not Found");
        return;
      }
      const body = JSON.stringify(echo(req, url, Buffer.concat(chunks).toString("utf8")), null, 2);
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }).end(body);
    });
  });
  return listen(server, host, port).then((bound) => ({ endpoint: `http://${host}:${bound.port}/anything`, close: bound.close }));
}

function echo(req: http.IncomingMessage, url: URL, data: string): EchoBody {
  const args: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    args[name] = values.length === 1 ? values[0] : values;
  }
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers[titleCase(req.rawHeaders[i])] = req.rawHeaders[i + 1];
  return {
    args, data, files: {}, form: {}, headers, json: parseJson(data), method: req.method ?? "GET",
    origin: req.socket.remoteAddress ?? "", url: url.toString(),
  };
}

function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? null : JSON.parse(text);
  } catch {
    return null;
  }
}
