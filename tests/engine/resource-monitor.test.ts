import { expect } from "chai";
import { ResourceMonitor } from "../../engine/resource-monitor.ts";

const monitor = new ResourceMonitor({
  project: "shop",
  stack: "dev",
  organization: "organization",
  dryRun: false,
  newResource: () => ({ id: "id", state: {}, checkedInputs: {} }),
  call: () => ({}),
});

describe("engine/resource-monitor", () => {
  it('newUrn: a top-level resource is "urn:pulumi:STACK::PROJECT::type::name"', () => {
    expect(monitor.newUrn("", "pulumi:pulumi:Stack", "shop-dev")).to.equal("urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev");
  });

  it("newUrn: children of the stack do not carry the stack's type", () => {
    const stack = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev";
    expect(monitor.newUrn(stack, "aws:iam/role:Role", "r")).to.equal("urn:pulumi:dev::shop::aws:iam/role:Role::r");
  });

  it("newUrn: a nested child carries the whole chain of its parents' types joined by $", () => {
    const component = "urn:pulumi:dev::shop::shop:api:RestApi$shop:routes:Route::items";
    expect(monitor.newUrn(component, "aws:apigateway/method:Method", "m")).to.equal(
      "urn:pulumi:dev::shop::shop:api:RestApi$shop:routes:Route$aws:apigateway/method:Method::m",
    );
  });
});
