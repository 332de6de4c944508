/** The Requests page: the live list of requests, newest first, and the one opened beside it. */
import { KEPT_REQUESTS, type RequestDetail, type RequestsEvent, type RequestSummary, type SendAnswer } from "../protocol.ts";
import { getJson, postJson } from "./api.ts";
import { fill, h } from "./dom.ts";
import { requestDetailView } from "./request-detail.ts";
import { methodBadge, milliseconds, statusBadge } from "./widgets.ts";

export class RequestsPage {
  private requests: RequestSummary[] = [];
  private selected?: string;
  private readonly list = h("ol", { class: "request-list", attrs: { "aria-label": "requests" } });
  private readonly detail = h("div", { class: "request-detail" });
  private readonly count = h("span", { class: "note" });

  constructor(container: HTMLElement, private readonly openInPlayground: (detail: RequestDetail) => void) {
    fill(container, h("div", { class: "split" },
      h("div", { class: "list-pane" }, h("h2", null, "Requests ", this.count), this.list),
      this.detail));
    this.showHint();
  }

  /** Takes a list or new requests from the event stream. */
  update(event: RequestsEvent): void {
    const known = new Set(event.reset ? [] : this.requests.map((request) => request.requestId));
    const added = event.requests.filter((request) => !known.has(request.requestId));
    this.requests = (event.reset ? added : [...added, ...this.requests]).slice(0, KEPT_REQUESTS);
    this.showList();
  }

  async open(requestId: string): Promise<void> {
    this.selected = requestId;
    this.showList();
    try {
      const detail = await getJson<RequestDetail>(`/api/requests/${encodeURIComponent(requestId)}`);
      if (this.selected === requestId) fill(this.detail, requestDetailView(detail, { replay: (d) => this.replay(d), openInPlayground: this.openInPlayground }));
    } catch (error) {
      fill(this.detail, h("p", { class: "error" }, String(error)));
    }
  }

  private async replay(detail: RequestDetail): Promise<void> {
    const answer = await postJson<SendAnswer>(`/api/requests/${encodeURIComponent(detail.summary.requestId)}/replay`, {});
    if (answer.requestId) await this.open(answer.requestId);
  }

  private showList(): void {
    this.count.textContent = `${this.requests.length} kept, newest first`;
    fill(this.list, this.requests.map((request) => h("li", null,
      h("button", {
        type: "button",
        title: `Request ${request.requestId}`,
        class: request.requestId === this.selected ? "request selected" : "request",
        on: { click: () => void this.open(request.requestId) },
      },
      h("span", { class: "time" }, new Date(request.time).toLocaleTimeString()), " ",
      methodBadge(request.method), " ", h("span", { class: "url" }, request.url), " ",
      statusBadge(request.status), " ", h("span", { class: "note" }, milliseconds(request.latencyMs))))));
  }

  private showHint(): void {
    fill(this.detail, h("p", { class: "empty" }, "Send a request to the API; it shows up on the left. Open one to see every step API Gateway took."));
  }
}
