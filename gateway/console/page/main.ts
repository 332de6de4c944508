/** The console page: three views behind tabs, kept up to date by the server's event stream. */
import type { ApiView, RequestDetail, RequestsEvent } from "../protocol.ts";
import { h } from "./dom.ts";
import { PlaygroundPage } from "./playground-page.ts";
import { RequestsPage } from "./requests-page.ts";
import { showRoutes } from "./routes-page.ts";

const VIEWS = ["routes", "requests", "playground"] as const;
type View = (typeof VIEWS)[number];

const main = document.getElementById("main") as HTMLElement;
const sections = Object.fromEntries(VIEWS.map((view) => [view, h("section", { class: "view", attrs: { id: `view-${view}` } })])) as Record<View, HTMLElement>;
main.append(...Object.values(sections));

const playground = new PlaygroundPage(sections.playground, (requestId) => {
  location.hash = "#requests";
  void requests.open(requestId);
});
const requests = new RequestsPage(sections.requests, (detail: RequestDetail) => {
  const mapping = detail.steps.find((step) => step.kind === "requestMapping");
  playground.load(mapping?.kind === "requestMapping" ? mapping.template : undefined, detail.renderRequest);
  location.hash = "#playground";
});

function showView(): void {
  const wanted = location.hash.slice(1) as View;
  const view = VIEWS.includes(wanted) ? wanted : "requests";
  for (const name of VIEWS) sections[name].hidden = name !== view;
  for (const tab of document.querySelectorAll<HTMLAnchorElement>("nav a")) {
    tab.classList.toggle("active", tab.getAttribute("href") === `#${view}`);
  }
}
window.addEventListener("hashchange", showView);
showView();

const connection = document.getElementById("connection") as HTMLElement;
const apiName = document.getElementById("api") as HTMLElement;
const events = new EventSource("/api/events");
events.addEventListener("open", () => {
  connection.textContent = "live";
  connection.className = "live";
});
events.addEventListener("error", () => {
  connection.textContent = "reconnecting…";
  connection.className = "offline";
});
events.addEventListener("api", (event) => {
  const api = JSON.parse((event as MessageEvent<string>).data) as ApiView;
  apiName.textContent = `${api.stageUrl}`;
  showRoutes(sections.routes, api);
  playground.setApi(api);
});
events.addEventListener("requests", (event) => {
  requests.update(JSON.parse((event as MessageEvent<string>).data) as RequestsEvent);
});
