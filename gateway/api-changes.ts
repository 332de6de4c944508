/**
 * What changed between two versions of the served API, said in one line: the routes (method and path)
 * added, removed and changed. A route changed when anything a request meets on it did: its method request,
 * integration, templates, mappings, responses, or its function's settings or code.
 */
import type { DeclaredApi, DeclaredMethod } from "./declared-api.ts";

export function describeApiChanges(before: DeclaredApi, after: DeclaredApi): string {
  const [old, now] = [routesOf(before), routesOf(after)];
  const added = [...now.keys()].filter((route) => !old.has(route));
  const removed = [...old.keys()].filter((route) => !now.has(route));
  const changed = [...now.keys()].filter((route) => old.has(route) && old.get(route) !== now.get(route));
  const parts = [
    ...(before.stageName === after.stageName ? [] : [`stage ${before.stageName} → ${after.stageName}`]),
    ...(added.length > 0 ? [`added ${added.join(", ")}`] : []),
    ...(removed.length > 0 ? [`removed ${removed.join(", ")}`] : []),
    ...(changed.length > 0 ? [`changed ${changed.join(", ")}`] : []),
  ];
  return parts.length > 0 ? parts.join("; ") : "no route changed";
}

/** `METHOD /path` → a fingerprint of everything that route does. */
function routesOf(model: DeclaredApi): Map<string, string> {
  const routes = new Map<string, string>();
  for (const resource of model.resources) {
    for (const method of resource.methods.values()) routes.set(`${method.httpMethod} ${resource.path}`, fingerprint(method, model));
  }
  return routes;
}

function fingerprint(method: DeclaredMethod, model: DeclaredApi): string {
  const integration = method.integration;
  return JSON.stringify({
    stageVariables: model.stageVariables,
    requestParameters: method.requestParameters,
    methodResponses: [...method.methodResponses].sort(),
    integration: integration && {
      ...integration,
      requestTemplates: [...integration.requestTemplates].map(([type, template]) => [type, template.source]),
      responses: integration.responses.map((response) => ({
        ...response,
        selectionPattern: response.selectionPattern?.source,
        responseTemplates: [...response.responseTemplates].map(([type, template]) => [type, template.source]),
      })),
    },
  });
}
