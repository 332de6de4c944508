/**
 * The Template playground: a template (one of the API's or pasted) and a request in the JSON
 * `npm run render` takes, rendered as they are typed; "Send" sends the request to the API itself.
 */
import type { ApiView, RenderAnswer, SendAnswer } from "../protocol.ts";
import { postJson } from "./api.ts";
import { CodeEditor } from "./code-editor.ts";
import { fill, h } from "./dom.ts";
import { highlightVtl } from "./vtl-highlight.ts";
import { statusBadge, textBlock } from "./widgets.ts";

const RENDER_DELAY_MS = 150;

interface DeclaredTemplate {
  readonly label: string;
  readonly source: string;
}

export class PlaygroundPage {
  private declared: DeclaredTemplate[] = [];
  private readonly picker = h("select", { attrs: { "aria-label": "template" } });
  private readonly template = new CodeEditor("template source", highlightVtl, () => this.templateEdited());
  private readonly request = new CodeEditor("request JSON", undefined, () => this.scheduleRender());
  private readonly output = h("div", { class: "render-output", attrs: { "aria-live": "polite" } });
  private readonly sent = h("p", { class: "sent" });
  private timer?: number;
  /** Renders answered out of order are dropped. */
  private renders = 0;

  constructor(container: HTMLElement, private readonly showRequest: (requestId: string) => void) {
    this.picker.addEventListener("change", () => this.pick());
    fill(container, h("div", { class: "playground" },
      h("div", { class: "playground-inputs" },
        h("h2", null, "Template"), this.picker, this.template.element,
        h("h2", null, "Request"),
        h("p", { class: "note" }, "The JSON npm run render takes: method, path, resourcePath, pathParameters, query, headers, body, stageVariables, context."),
        this.request.element,
        h("div", { class: "actions" },
          h("button", { type: "button", on: { click: () => void this.send() } }, "Send to the API"),
          h("span", { class: "note" }, " The API renders its declared template; stage variables and context apply to the render here only.")),
        this.sent),
      h("div", { class: "playground-output" }, h("h2", null, "Rendered"), this.output)));
  }

  /** Lists the API's templates; starts with the first and the article's request when nothing is loaded. */
  setApi(api: ApiView): void {
    this.declared = api.resources.flatMap((resource) => resource.methods.flatMap((method) => {
      const where = `${method.httpMethod} ${resource.path}`;
      const integration = method.integration;
      return integration === undefined ? [] : [
        ...integration.requestTemplates.map((t) => ({ label: `${where}: request ${t.contentType}`, source: t.source })),
        ...integration.responses.flatMap((r) => r.responseTemplates.map((t) => ({ label: `${where}: ${r.statusCode} response ${t.contentType}`, source: t.source }))),
      ];
    }));
    fill(this.picker, h("option", { attrs: { value: "" } }, "Pasted template"),
      this.declared.map((t, i) => h("option", { attrs: { value: String(i) } }, t.label)));
    if (this.template.value === "" && this.declared.length > 0) {
      this.picker.value = "0";
      this.template.value = this.declared[0].source;
    }
    if (this.request.value === "") this.request.value = JSON.stringify(exampleRequest(api), null, 2);
    this.scheduleRender();
  }

  /** Loads a template and a request, e.g. those of a request from the list. */
  load(template: string | undefined, request: unknown): void {
    if (template !== undefined) {
      this.template.value = template;
      const index = this.declared.findIndex((t) => t.source === template);
      this.picker.value = index === -1 ? "" : String(index);
    }
    this.request.value = JSON.stringify(request, null, 2);
    this.scheduleRender();
  }

  private pick(): void {
    const chosen = this.declared[Number(this.picker.value)];
    if (this.picker.value !== "" && chosen) this.template.value = chosen.source;
    this.scheduleRender();
  }

  /** An edited template is no longer the declared one the picker names. */
  private templateEdited(): void {
    if (this.declared[Number(this.picker.value)]?.source !== this.template.value) this.picker.value = "";
    this.scheduleRender();
  }

  private scheduleRender(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.render(), RENDER_DELAY_MS);
  }

  private async render(): Promise<void> {
    const ticket = ++this.renders;
    const answer = await postJson<RenderAnswer>("/api/render", { template: this.template.value, request: this.request.value });
    if (ticket !== this.renders) return;
    this.template.mark(!answer.ok && answer.in === "template" ? answer.line : undefined);
    this.request.mark(!answer.ok && answer.in === "request" ? answer.line : undefined);
    if (answer.ok) {
      fill(this.output, textBlock(answer.text, "rendered output"));
      return;
    }
    const editor = answer.in === "template" ? this.template : this.request;
    const { line, column } = answer;
    fill(this.output, h("div", { class: "render-error", attrs: { role: "alert" } },
      h("p", null, h("strong", null, answer.in === "template" ? "Template error" : "Request error"),
        line === undefined ? "" : ` at line ${line}, column ${column ?? 1}`),
      h("p", null, answer.error),
      line !== undefined && h("button", { type: "button", on: { click: () => editor.goTo(line, column ?? 1) } }, "Go to it")));
  }

  private async send(): Promise<void> {
    fill(this.sent, "Sending…");
    try {
      const answer = await postJson<SendAnswer>("/api/send", { request: this.request.value });
      const requestId = answer.requestId;
      fill(this.sent, "The API answered ", statusBadge(answer.status), " ",
        requestId && h("button", { type: "button", on: { click: () => this.showRequest(requestId) } }, "Show its steps"));
    } catch (error) {
      fill(this.sent, h("span", { class: "error" }, String(error)));
    }
  }
}

/** The article's request on the API's first resource. */
function exampleRequest(api: ApiView): unknown {
  const resourcePath = api.resources[0]?.path ?? "/";
  const pathParameters: Record<string, string> = {};
  const path = resourcePath.replace(/\{([^}+]+)(\+?)\}/g, (_, name: string, greedy: string) => (pathParameters[name] = greedy ? "path1/path2" : "path1"));
  return {
    method: "POST",
    path: `/${api.stageName}${path}`,
    resourcePath,
    pathParameters,
    query: { query1: ["querystring1"], query2: ["querystring2"] },
    headers: { header1: ["value1"], header2: ["value2"], "Content-Type": ["application/json"] },
    body: "{\"keybody\":\"valuebody\"}",
    stageVariables: api.stageVariables,
    context: { stage: api.stageName },
  };
}
