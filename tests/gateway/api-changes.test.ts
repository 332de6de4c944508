import { expect } from "chai";
import { describeApiChanges } from "../../gateway/api-changes.ts";
import type { DeclaredApi, DeclaredIntegration, DeclaredMethod } from "../../gateway/declared-api.ts";
import { compileTemplate } from "../../gateway/vtl/compile.ts";

/** A model with one resource per path and one method per `METHOD /path` key, each with an HTTP integration. */
function model(routes: Record<string, { template?: string; uri?: string }>, stageName = "dev"): DeclaredApi {
  const byPath = new Map<string, Map<string, DeclaredMethod>>();
  for (const [route, spec] of Object.entries(routes)) {
    const [httpMethod, path] = route.split(" ");
    const integration: DeclaredIntegration = {
      type: "HTTP", uri: spec.uri ?? "https://example.com", integrationHttpMethod: "POST", passthroughBehavior: "WHEN_NO_TEMPLATES",
      requestTemplates: new Map([["application/json", compileTemplate(spec.template ?? "{}")]]),
      requestParameters: [], timeoutMs: 29000, responses: [],
    };
    const methods = byPath.get(path) ?? new Map<string, DeclaredMethod>();
    methods.set(httpMethod, { httpMethod, resourcePath: path, resourceId: path, requestParameters: {}, methodResponses: new Set(["200"]), integration });
    byPath.set(path, methods);
  }
  return {
    name: "api", apiId: "a1", accountId: "123456789012", region: "us-east-1", stageName, stageVariables: {}, deploymentId: "d1",
    resources: [...byPath].map(([path, methods]) => ({ id: path, path, methods })), gatewayResponses: [], throttling: new Map(),
  };
}

describe("gateway/api-changes", () => {
  it('says "no route changed" when every route does the same', () => {
    const routes = { "ANY /a/{proxy+}": {}, "GET /b": {} };
    expect(describeApiChanges(model(routes), model(routes))).to.equal("no route changed");
  });

  it("names the routes added and removed by method and path", () => {
    expect(describeApiChanges(model({ "ANY /a": {}, "GET /b": {} }), model({ "ANY /a": {}, "POST /b": {}, "GET /c": {} })))
      .to.equal("added POST /b, GET /c; removed GET /b");
  });

  it("names a route changed when its request template or integration changed", () => {
    const before = model({ "ANY /a": { template: '{"v": 1}' }, "ANY /b": {}, "ANY /c": {} });
    const after = model({ "ANY /a": { template: '{"v": 2}' }, "ANY /b": { uri: "https://example.org" }, "ANY /c": {} });
    expect(describeApiChanges(before, after)).to.equal("changed ANY /a, ANY /b");
  });

  it("says when the stage changed", () => {
    expect(describeApiChanges(model({ "ANY /a": {} }, "dev"), model({ "ANY /a": {} }, "test"))).to.equal("stage dev → test");
  });
});
