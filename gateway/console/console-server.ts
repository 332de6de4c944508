/**
 * The local console: a web page, on a port of its own, that shows the declared API, the requests the
 * gateway served with every step they went through, and a template playground. It never answers on
 * the API's port, so no console path can shadow an API path, and it can stay on loopback while the API
 * is exposed.
 */
import * as http from "node:http";
import type { DeclaredApi } from "../declared-api.ts";
import { clientRequestOf, parseRenderRequest, RenderRequestError } from "../render-request.ts";
import { listen } from "../listen.ts";
import { EventStream } from "./event-stream.ts";
import { forward } from "./forward.ts";
import { checkCaller, HttpError, readJson, sendDownload, sendError, sendJson, sendPage } from "./http-exchange.ts";
import { pageAssets, type PageAssets } from "./page-assets.ts";
import { renderInPlayground } from "./playground.ts";
import type { RenderCall, RequestsEvent } from "./protocol.ts";
import type { RequestLog } from "./request-log.ts";
import { fullText, requestDetail, requestSummary } from "./request-view.ts";
import { apiView } from "./route-view.ts";

/** New requests reach open pages in batches this far apart, so a busy API sends a page a few events a second. */
const BATCH_MS = 100;
/** A page that reads its events slower than this much piles up is dropped; it reconnects and starts afresh. */
const MAX_PENDING_EVENT_BYTES = 1024 * 1024;

export interface ConsoleOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Where the API is served, reachable from this process, e.g. `http://127.0.0.1:3000`. */
  readonly apiUrl: string;
  readonly model: DeclaredApi;
  /** Where the gateway server and the function log capture keep requests. */
  readonly requests: RequestLog;
}

export interface RunningConsole {
  /** e.g. `http://127.0.0.1:3001/` */
  readonly url: string;
  /** Shows `model` from now on, and on open pages at once (after the API is reloaded). */
  showApi(model: DeclaredApi): void;
  close(): Promise<void>;
}

export async function startConsoleServer(options: ConsoleOptions): Promise<RunningConsole> {
  const assets = await pageAssets();
  const state = new ConsoleState(options);
  const server = http.createServer((req, res) => {
    state.answer(req, res, assets).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else if (error instanceof HttpError) sendError(res, error.status, error.message);
      else sendError(res, 500, error instanceof Error ? error.message : String(error));
    });
  });
  const { address, port, close } = await listen(server, options.host ?? "127.0.0.1", options.port ?? 0);
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}/`,
    showApi: (model) => state.showApi(model),
    close: () => {
      state.stop();
      return close();
    },
  };
}

class ConsoleState {
  private model: DeclaredApi;
  private readonly events = new EventStream(MAX_PENDING_EVENT_BYTES);
  private readonly requests: RequestLog;
  private readonly apiUrl: string;
  /** The request log's mark when open pages were last sent new requests. */
  private sentMark: number;
  private batch?: NodeJS.Timeout;

  constructor(options: ConsoleOptions) {
    this.model = options.model;
    this.requests = options.requests;
    this.apiUrl = options.apiUrl;
    this.sentMark = this.requests.mark;
    this.requests.onAdd(() => {
      if (this.events.open) this.batch ??= setTimeout(() => this.sendNewRequests(), BATCH_MS);
    });
  }

  showApi(model: DeclaredApi): void {
    this.model = model;
    this.events.send("api", apiView(model, this.apiUrl));
  }

  stop(): void {
    clearTimeout(this.batch);
  }

  async answer(req: http.IncomingMessage, res: http.ServerResponse, assets: PageAssets): Promise<void> {
    checkCaller(req);
    const path = (req.url ?? "/").split("?")[0];
    const route = `${req.method} ${path}`;
    if (route === "GET /") return sendPage(res, "text/html; charset=utf-8", assets.html);
    if (route === "GET /assets/console.js") return sendPage(res, "text/javascript; charset=utf-8", assets.script);
    if (route === "GET /assets/console.css") return sendPage(res, "text/css; charset=utf-8", assets.css);
    if (route === "GET /api/api") return sendJson(res, apiView(this.model, this.apiUrl));
    if (route === "GET /api/events") return this.openEvents(res);
    if (route === "GET /api/requests") return sendJson(res, this.requests.latest().map(requestSummary));
    if (route === "POST /api/render") return sendJson(res, renderInPlayground(renderCallOf(await readJson(req))));
    if (route === "POST /api/send") return sendJson(res, await this.send(await readJson(req)));
    const kept = /^\/api\/requests\/([^/]+)(\/replay|\/text\/([\w.]+))?$/.exec(path);
    if (kept) return this.answerForRequest(req, res, decodeURIComponent(kept[1]), kept[2], kept[3]);
    throw new HttpError(404, `no console page at ${path}`);
  }

  private async answerForRequest(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, action?: string, textName?: string): Promise<void> {
    const record = this.requests.find(requestId);
    if (record === undefined) throw new HttpError(404, `request ${requestId} is no longer kept`);
    const logs = this.requests.functionLogsOf(requestId);
    if (action === undefined && req.method === "GET") return sendJson(res, requestDetail(record, logs, this.apiUrl, this.model));
    if (action === "/replay" && req.method === "POST") return sendJson(res, await forward(this.apiUrl, record.request));
    const text = textName === undefined || req.method !== "GET" ? undefined : fullText(record, logs, textName);
    if (text === undefined) throw new HttpError(404, `no such text of request ${requestId}`);
    sendDownload(res, `${requestId}-${textName}.txt`, text);
  }

  private send(call: unknown): ReturnType<typeof forward> {
    const text = (call as { request?: unknown } | null)?.request;
    if (typeof text !== "string") throw new HttpError(400, 'expected {"request": "<the request as JSON>"}');
    let request;
    try {
      request = clientRequestOf(parseRenderRequest(text, "the request"));
    } catch (error) {
      if (error instanceof RenderRequestError) throw new HttpError(400, error.message);
      throw error;
    }
    return forward(this.apiUrl, { ...request, body: Buffer.from(request.body, "utf8") });
  }

  private openEvents(res: http.ServerResponse): void {
    // With no page open, nothing older needs sending to anyone: this page gets all in its first list.
    if (!this.events.open) this.sentMark = this.requests.mark;
    const list: RequestsEvent = { reset: true, requests: this.requests.latest().map(requestSummary) };
    this.events.add(res, [["api", apiView(this.model, this.apiUrl)], ["requests", list]]);
  }

  private sendNewRequests(): void {
    this.batch = undefined;
    const added = this.requests.since(this.sentMark);
    this.sentMark = this.requests.mark;
    const event: RequestsEvent = { reset: false, requests: added.map(requestSummary) };
    if (added.length > 0) this.events.send("requests", event);
  }
}

function renderCallOf(body: unknown): RenderCall {
  const { template, request } = (body ?? {}) as Partial<Record<keyof RenderCall, unknown>>;
  if (typeof template !== "string" || typeof request !== "string") throw new HttpError(400, 'expected {"template": "<VTL>", "request": "<the request as JSON>"}');
  return { template, request };
}
