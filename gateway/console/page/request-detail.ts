/** One request as the Requests page opens it: the request as sent, then each step in pipeline order. */
import type { Values } from "../../execution-step-types.ts";
import type { RequestDetail, StepView, TextView } from "../protocol.ts";
import { h, type Child } from "./dom.ts";
import { field, methodBadge, milliseconds, pairsTable, section, statusBadge, templateBlock, textBlock, valuesTable } from "./widgets.ts";

export interface DetailActions {
  replay(detail: RequestDetail): void;
  openInPlayground(detail: RequestDetail): void;
}

export function requestDetailView(detail: RequestDetail, actions: DetailActions): HTMLElement {
  const { summary, request } = detail;
  const curl = h("div", { class: "curl", hidden: true }, h("pre", { class: "code", attrs: { "aria-label": "curl command" } }, detail.curl));
  const copyCurl = () => {
    curl.hidden = false;
    navigator.clipboard?.writeText(detail.curl).catch(() => undefined);
  };
  return h("article", { class: "detail" },
    h("header", { class: "detail-header" },
      h("h2", null, methodBadge(summary.method), " ", h("span", { class: "url" }, summary.url), " ", statusBadge(summary.status)),
      h("p", { class: "note" }, `Request ${summary.requestId} · ${new Date(summary.time).toLocaleString()} · latency ${milliseconds(summary.latencyMs)}`,
        detail.integrationLatencyMs === undefined ? "" : ` · integration latency ${milliseconds(detail.integrationLatencyMs)}`),
      h("div", { class: "actions" },
        h("button", { type: "button", on: { click: () => actions.replay(detail) } }, "Replay"),
        h("button", { type: "button", on: { click: copyCurl } }, "Copy as curl"),
        h("button", { type: "button", on: { click: () => actions.openInPlayground(detail) } }, "Open in playground")),
      curl),
    section("Client request", `from ${request.sourceIp}`,
      pairsTable(request.headers, ["header", "value"]),
      h("h4", null, "Body"), textBlock(request.body, "client request body")),
    h("ol", { class: "steps" }, detail.steps.map((step) => h("li", null, stepView(step)))));
}

function stepView(step: StepView): HTMLElement {
  switch (step.kind) {
    case "methodRequest": return section("Method request", null,
      h("h4", null, "Path parameters"), valuesTable(step.path),
      h("h4", null, "Query string"), valuesTable(step.query),
      h("h4", null, "Headers"), valuesTable(step.headers),
      h("h4", null, "Body"), textBlock(step.body, "method request body"));
    case "authorization": return section("Authorizer", `${step.type} ${step.name} · ${milliseconds(step.latencyMs)}`,
      field("Decision", step.decision),
      field("Why", step.detail),
      field("Cache", step.cache),
      step.principalId !== undefined && field("Principal", step.principalId),
      step.endpointRequest !== undefined && [h("h4", null, "Event sent to the function"), textBlock({ text: step.endpointRequest.body }, "authorizer event")],
      step.resultBody !== undefined && [h("h4", null, "Result"), textBlock({ text: step.resultBody }, "authorizer result")]);
    case "requestMapping":
    case "responseMapping": {
      const name = step.kind === "requestMapping" ? "Request mapping" : "Response mapping";
      return section(name, null,
        field("Template", step.contentType ?? "none"),
        field("Why", step.reason),
        step.template !== undefined && h("details", null, h("summary", null, "Template source"), templateBlock(step.template, `${name} template`)),
        step.output !== undefined && [h("h4", null, step.template === undefined ? "Passed through" : "Rendered"), textBlock(step.output, `${name} output`)]);
    }
    case "endpointRequest": return section("Endpoint request", null,
      field("Request", `${step.method} ${step.url}`),
      h("h4", null, "Headers"), valuesTable(step.headers),
      h("h4", null, "Body"), textBlock(step.body, "endpoint request body"));
    case "functionLogs": return section("Function logs", "under the request id", textBlock(step.lines, "function logs"));
    case "endpointResponse": return section("Endpoint response",
      step.integrationLatencyMs === undefined ? null : `integration latency ${milliseconds(step.integrationLatencyMs)}`,
      field("Status", statusBadge(step.status)),
      h("h4", null, "Headers"), valuesTable(step.headers),
      h("h4", null, "Body"), textBlock(step.body, "endpoint response body"));
    case "integrationResponse": return section("Integration response", null,
      field("Selected", step.statusCode ?? "none"),
      field("Pattern", step.selectionPattern === undefined ? h("span", { class: "note" }, "none (default response)") : h("code", null, step.selectionPattern)),
      field(`Matched value (${step.selectionValueName})`, h("code", null, JSON.stringify(step.selectionValue))),
      field("Why", step.reason));
    case "methodResponse": return section("Method response", null, responseParts(step.status, step.headers, step.body));
    case "gatewayResponse": return section("Gateway response", step.responseType,
      field("Why", step.failure), responseParts(step.status, step.headers, step.body));
  }
}

function responseParts(status: number, headers: Values, body: TextView): Child[] {
  return [field("Status", statusBadge(status)), h("h4", null, "Headers"), valuesTable(headers), h("h4", null, "Body"), textBlock(body, "response body")];
}
