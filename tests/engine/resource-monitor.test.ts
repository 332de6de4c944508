import type * as grpc from "@grpc/grpc-js";
import resproto from "@pulumi/pulumi/proto/resource_pb.js";
import { expect } from "chai";
import { ResourceMonitor } from "../../engine/resource-monitor.ts";

/** Calls one of the monitor's unary handlers as grpc-js would, resolving with its response. */
function callUnary<Req, Resp>(handler: grpc.handleUnaryCall<Req, Resp>, request: Req): Promise<Resp> {
  return new Promise((resolve, reject) => {
    handler({ request } as grpc.ServerUnaryCall<Req, Resp>, (err, value) => (err ? reject(err) : resolve(value as Resp)));
  });
}

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

  it("existsResource: true only for a registered resource of that type and physical id", async () => {
    const recording = new ResourceMonitor({
      project: "shop", stack: "dev", organization: "organization", dryRun: false,
      newResource: () => ({ id: "role-1", state: {}, checkedInputs: {} }), call: () => ({}),
    });
    const register = new resproto.RegisterResourceRequest().setType("aws:iam/role:Role").setName("r").setCustom(true);
    await callUnary(recording.registerResource, register);
    const exists = (type: string, id: string) =>
      callUnary(recording.existsResource, new resproto.ExistsResourceRequest().setType(type).setId(id)).then((r) => r.getExists());
    expect(await exists("aws:iam/role:Role", "role-1")).to.equal(true);
    expect(await exists("aws:iam/role:Role", "role-2")).to.equal(false);
    expect(await exists("aws:s3/bucket:Bucket", "role-1")).to.equal(false);
  });
});
