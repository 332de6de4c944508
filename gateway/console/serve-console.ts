/**
 * The console as `npm start` runs it: on loopback unless told otherwise, on the port after the API's
 * unless told otherwise (any free port when that one is taken), reaching the API over loopback.
 */
import type { DeclaredApi } from "../declared-api.ts";
import { startConsoleServer, type RunningConsole } from "./console-server.ts";
import type { RequestLog } from "./request-log.ts";

export interface ServeConsoleOptions {
  readonly requests: RequestLog;
  readonly model: DeclaredApi;
  /** Where the API listens, e.g. `http://0.0.0.0:3000`. */
  readonly apiUrl: string;
  /** The port asked for the API (0: any). */
  readonly apiPort: number;
  readonly host: string;
  /** `--console-port` as given; a port taken is then an error. */
  readonly port?: string;
}

export async function serveConsole(options: ServeConsoleOptions): Promise<RunningConsole> {
  const start = (port: number) => startConsoleServer({
    host: options.host, port, apiUrl: loopbackUrl(options.apiUrl), model: options.model, requests: options.requests,
  });
  if (options.port !== undefined) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--console-port must be 0-65535, got "${options.port}"`);
    return start(port);
  }
  const preferred = options.apiPort === 0 || options.apiPort === 65535 ? 0 : options.apiPort + 1;
  try {
    return await start(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || preferred === 0) throw error;
    return start(0);
  }
}

/** The API's URL as this process reaches it: a wildcard address becomes loopback. */
function loopbackUrl(url: string): string {
  return url.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:");
}
