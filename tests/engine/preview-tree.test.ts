import { expect } from "chai";
import { displayType, keyInputLines, renderPreviewTree } from "../../engine/preview-tree.ts";
import type { RegisteredResource } from "../../engine/resource-monitor.ts";
import { unknown } from "../../engine/wire-values.ts";

const STACK = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev";
const ROUTE = "urn:pulumi:dev::shop::shop:routes:Route::items";

function resource(partial: Partial<RegisteredResource> & Pick<RegisteredResource, "type" | "name">): RegisteredResource {
  return {
    urn: `urn:pulumi:dev::shop::${partial.type}::${partial.name}`,
    custom: true,
    inputs: {},
    outputs: {},
    secretOutputs: [],
    dependencies: [],
    propertyDependencies: {},
    read: false,
    parent: STACK,
    ...partial,
  };
}

const resources: RegisteredResource[] = [
  resource({
    urn: STACK, type: "pulumi:pulumi:Stack", name: "shop-dev", custom: false, parent: undefined,
    outputs: { url: "https://x.example/dev", apiKey: "k", pending: unknown },
    secretOutputs: ["apiKey"],
  }),
  resource({ urn: ROUTE, type: "shop:routes:Route", name: "items", custom: false }),
  resource({
    type: "aws:apigateway/integration:Integration", name: "items-integration", parent: ROUTE,
    inputs: {
      type: "AWS", httpMethod: "ANY", integrationHttpMethod: "POST", uri: "arn:aws:apigateway:fn/invocations",
      passthroughBehavior: "NEVER", requestTemplates: { "application/json": "$input.body" },
    },
  }),
  resource({ type: "aws:apigateway/resource:Resource", name: "items-proxy", parent: ROUTE, inputs: { pathPart: "{proxy+}" } }),
  resource({ type: "aws:apigateway/stage:Stage", name: "stage", inputs: { stageName: "dev" } }),
];

describe("engine/preview-tree", () => {
  const text = renderPreviewTree(resources);

  it("draws children under their parent with ├─ and └─, in registration order", () => {
    const typeLines = text.split("\n").filter((line) => line.startsWith(" + "));
    expect(typeLines.map((line) => line.trimEnd().replace(/\s+/g, " "))).to.deep.equal([
      " + pulumi:pulumi:Stack shop-dev create",
      " + ├─ shop:routes:Route items create",
      " + │ ├─ aws:apigateway:Integration items-integration create",
      " + │ └─ aws:apigateway:Resource items-proxy create",
      " + └─ aws:apigateway:Stage stage create",
    ]);
  });

  it("lists an Integration's key inputs, with a short hash instead of each request template", () => {
    expect(keyInputLines(resources[2])).to.deep.equal([
      'type: "AWS"',
      'httpMethod: "ANY"',
      'integrationHttpMethod: "POST"',
      'uri: "arn:aws:apigateway:fn/invocations"',
      'passthroughBehavior: "NEVER"',
      "requestTemplates:",
      "    application/json: sha256:5dba2bc3 (11 chars)",
    ]);
  });

  it("keeps the tree's vertical bar on key-input lines of a non-last child", () => {
    expect(text).to.contain('     │  │      type: "AWS"');
  });

  it("prints outputs sorted, secrets as [secret] and unknowns as [unknown], then the count", () => {
    expect(text).to.contain(
      'Outputs:\n    apiKey:  [secret]\n    pending: [unknown]\n    url:     "https://x.example/dev"\n',
    );
    expect(text).to.contain("Resources:\n    + 5 to create");
  });

  it('displayType drops the module\'s file part: "aws:apigateway/restApi:RestApi" → "aws:apigateway:RestApi"', () => {
    expect(displayType("aws:apigateway/restApi:RestApi")).to.equal("aws:apigateway:RestApi");
    expect(displayType("aws:index/provider:Other")).to.equal("aws:index/provider:Other");
    expect(displayType("pulumi:pulumi:Stack")).to.equal("pulumi:pulumi:Stack");
  });
});
