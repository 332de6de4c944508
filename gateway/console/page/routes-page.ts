/** The Routes page: the declared API as a tree of path segments, each method with its integration. */
import type { ApiView, IntegrationResponseView, IntegrationView, MethodView, ResourceView, TemplateView } from "../protocol.ts";
import { fill, h } from "./dom.ts";
import { field, methodBadge, pairsTable, section, templateBlock, valuesTable } from "./widgets.ts";

interface TreeNode {
  readonly segment: string;
  readonly children: Map<string, TreeNode>;
  resource?: ResourceView;
}

export function showRoutes(container: HTMLElement, api: ApiView): void {
  const root: TreeNode = { segment: "/", children: new Map() };
  for (const resource of api.resources) {
    let node = root;
    for (const segment of resource.path.split("/").filter((part) => part !== "")) {
      let child = node.children.get(segment);
      if (child === undefined) node.children.set(segment, child = { segment, children: new Map() });
      node = child;
    }
    node.resource = resource;
  }
  fill(container,
    h("p", { class: "lead" }, `API ${api.apiId}, stage ${api.stageName}, served at `, h("code", null, api.stageUrl)),
    Object.keys(api.stageVariables).length > 0 && section("Stage variables", null, valuesTable(api.stageVariables)),
    h("ul", { class: "tree" }, treeItem(root, "")));
}

function treeItem(node: TreeNode, parentPath: string): HTMLElement {
  const path = node.segment === "/" ? "/" : `${parentPath === "/" ? "" : parentPath}/${node.segment}`;
  return h("li", null,
    h("span", { class: "segment" }, node.segment === "/" ? "/" : `/${node.segment}`),
    node.resource && node.resource.methods.map((method) => methodCard(method, path)),
    node.children.size > 0 && h("ul", null, [...node.children.values()].map((child) => treeItem(child, path))));
}

function methodCard(method: MethodView, path: string): HTMLElement {
  const integration = method.integration;
  return h("details", { class: "method-card", attrs: { open: "" } },
    h("summary", null, methodBadge(method.httpMethod), " ", h("code", null, path), " → ",
      integration ? h("span", null, h("strong", null, integration.type), " ", integration.target) : h("em", null, "no integration")),
    h("div", { class: "card-body" },
      method.authorizer && section("Authorizer", null, valuesTable(method.authorizer)),
      section("Method request parameters", null,
        pairsTable(method.requestParameters.map(([name, required]) => [name, required ? "required" : "optional"]), ["parameter", ""])),
      integration && integrationSections(integration),
      section("Method responses", null, h("p", null, method.methodResponses.join(", ") || "none"))));
}

function integrationSections(integration: IntegrationView): HTMLElement[] {
  return [
    section("Integration request", null,
      field("Type", integration.type),
      field("Endpoint", `${integration.integrationHttpMethod} ${integration.uri}`),
      field("Passthrough behavior", integration.passthroughBehavior),
      field("Timeout", `${integration.timeoutMs} ms`),
      h("h4", null, "Parameter mappings"),
      pairsTable(integration.requestParameters, ["integration request", "from"]),
      h("h4", null, "Request templates"),
      templates(integration.requestTemplates, "request")),
    section("Integration responses", null, integration.responses.map(integrationResponse)),
  ];
}

function integrationResponse(response: IntegrationResponseView): HTMLElement {
  return h("div", { class: "integration-response" },
    h("p", null, h("strong", null, response.statusCode), " ",
      response.selectionPattern === undefined ? h("span", { class: "note" }, "default response") : ["selection pattern ", h("code", null, response.selectionPattern)]),
    response.responseParameters.length > 0 && pairsTable(response.responseParameters, ["method response", "from"]),
    response.responseTemplates.length > 0 && templates(response.responseTemplates, `${response.statusCode} response`));
}

function templates(views: readonly TemplateView[], what: string): HTMLElement {
  if (views.length === 0) return h("p", { class: "empty" }, "none");
  return h("div", null, views.map((view) =>
    h("div", { class: "template" }, h("p", { class: "content-type" }, view.contentType), templateBlock(view.source, `${what} template ${view.contentType}`))));
}
