/** Server-sent events to every open console page; a page that stops reading is dropped. */
import type * as http from "node:http";
import type { EventName } from "./protocol.ts";

export class EventStream {
  private readonly clients = new Set<http.ServerResponse>();

  /** @param maxPendingBytes what a client may leave unread before it is dropped. */
  constructor(private readonly maxPendingBytes: number) {}

  get open(): boolean {
    return this.clients.size > 0;
  }

  /** Keeps `res` as a client until it goes away; `first` are the events it gets before any other. */
  add(res: http.ServerResponse, first: readonly (readonly [EventName, unknown])[]): void {
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store" });
    res.write("retry: 1000\n\n");
    for (const [name, data] of first) res.write(frame(name, data));
    this.clients.add(res);
    res.on("close", () => this.clients.delete(res));
  }

  send(name: EventName, data: unknown): void {
    if (this.clients.size === 0) return;
    const text = frame(name, data);
    for (const client of this.clients) {
      if (client.writableLength > this.maxPendingBytes) client.destroy();
      else client.write(text);
    }
  }
}

/** JSON holds no raw line break, so the data is one `data:` line. */
function frame(name: EventName, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
