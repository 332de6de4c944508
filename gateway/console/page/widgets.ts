/** Small pieces the console's pages share: text blocks, value tables, status badges, sections. */
import type { Values } from "../../execution-step-types.ts";
import { MAX_SHOWN_BYTES, type TextView } from "../protocol.ts";
import { h, type Child } from "./dom.ts";
import { highlightVtl } from "./vtl-highlight.ts";

/** A text in a code block; a cut one says so and links to all of it. */
export function textBlock(view: TextView, label: string): HTMLElement {
  const block = h("pre", { class: "code", attrs: { "aria-label": label } }, view.text === "" ? h("span", { class: "empty" }, "(empty)") : view.text);
  if (view.cut === undefined) return block;
  const notice = h("p", { class: "cut" }, `Showing the first ${kilobytes(MAX_SHOWN_BYTES)} of ${kilobytes(view.cut.bytes)}. `,
    view.cut.download && h("a", { href: view.cut.download, download: "" }, "Download all"));
  return h("div", null, notice, block);
}

export function templateBlock(source: string, label: string): HTMLElement {
  return h("pre", { class: "code vtl", attrs: { "aria-label": label } }, highlightVtl(source));
}

/** Names and their values, one row per value. */
export function valuesTable(values: Values, empty = "none"): HTMLElement {
  const rows = Object.entries(values).flatMap(([name, value]) =>
    (typeof value === "string" ? [value] : value).map((one) => h("tr", null, h("th", null, name), h("td", null, one))));
  return rows.length === 0 ? h("p", { class: "empty" }, empty) : h("table", { class: "values" }, h("tbody", null, rows));
}

export function pairsTable(pairs: readonly (readonly [string, string])[], headings: readonly [string, string], empty = "none"): HTMLElement {
  if (pairs.length === 0) return h("p", { class: "empty" }, empty);
  return h("table", { class: "values" },
    h("thead", null, h("tr", null, h("th", null, headings[0]), h("th", null, headings[1]))),
    h("tbody", null, pairs.map(([a, b]) => h("tr", null, h("td", null, a), h("td", null, b)))));
}

export function statusBadge(status: number): HTMLElement {
  const kind = status < 300 ? "ok" : status < 500 ? "client-error" : "server-error";
  return h("span", { class: `status ${kind}` }, String(status));
}

export function methodBadge(method: string): HTMLElement {
  return h("span", { class: `method method-${method.toLowerCase()}` }, method);
}

/** A titled part of a page; `note` is a short line beside the title. */
export function section(title: string, note: Child, ...content: Child[]): HTMLElement {
  return h("section", { class: "step" }, h("h3", null, title, note ? h("span", { class: "note" }, note) : null), content);
}

export function field(name: string, ...value: Child[]): HTMLElement {
  return h("p", { class: "field" }, h("span", { class: "field-name" }, `${name}: `), value);
}

export function milliseconds(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function kilobytes(count: number): string {
  return count < 1024 * 1024 ? `${Math.round(count / 1024)} KB` : `${(count / 1024 / 1024).toFixed(1)} MB`;
}
