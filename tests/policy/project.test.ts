import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { runProgram, type RegisteredResource } from "../../engine/offline-engine.ts";
import { policies, TYPES } from "../../policy/rules/index.ts";
import { runPolicies } from "./harness.ts";

const projectDir = fileURLToPath(new URL("../../", import.meta.url));

/**
 * How many resources of each checked type a stack declares: the pack must see them, not pass vacuously.
 * dev's CORS preflights are MOCK integrations; prod's authorizer brings a second function (role, policy)
 * and a permission of its own.
 */
const CHECKED: Record<string, Record<string, number>> = {
  dev: {
    [TYPES.lambdaPermission]: 1, [TYPES.integration]: 4, [TYPES.stage]: 1, [TYPES.methodSettings]: 1, [TYPES.iamRolePolicy]: 1, [TYPES.iamRole]: 1,
  },
  prod: {
    [TYPES.lambdaPermission]: 2, [TYPES.integration]: 2, [TYPES.stage]: 1, [TYPES.methodSettings]: 1, [TYPES.iamRolePolicy]: 2, [TYPES.iamRole]: 2,
  },
};

function counts(stack: string, resources: readonly RegisteredResource[]): Record<string, number> {
  return Object.fromEntries(Object.keys(CHECKED[stack]).map((type) => [type, resources.filter((r) => r.type === type).length]));
}

for (const stack of ["dev", "prod"]) {
  describe(`this project's ${stack} stack against the policy pack (offline engine)`, () => {
    let resources: readonly RegisteredResource[];
    before(async function () {
      this.timeout(120_000);
      resources = (await runProgram({ projectDir, stack })).resources;
    });

    it("declares the resources the rules inspect", () => {
      expect(counts(stack, resources)).to.deep.equal(CHECKED[stack]);
    });

    it("passes every rule", async () => {
      expect(await runPolicies(policies, resources)).to.deep.equal([]);
    });

    if (stack === "prod") {
      it("would fail if the authorizer's permission let every authorizer of the API invoke its function", async () => {
        const widened = resources.map((r) => (r.name === "authorizer-invoke"
          ? { ...r, inputs: { ...r.inputs, sourceArn: String(r.inputs.sourceArn).replace(/[^/]+$/, "*") } }
          : r));
        const violations = await runPolicies(policies, widened);
        expect(violations.map((v) => v.policy)).to.deep.equal(["authorizer-permission-names-one-authorizer"]);
      });
    }

    it("would fail if the stage lost its throttling or the echo endpoint went plain http", async () => {
      const degraded = resources
        .filter((r) => r.type !== TYPES.methodSettings)
        .map((r) => (r.name === "http-integration" ? { ...r, inputs: { ...r.inputs, uri: "http://httpbin.org/anything/{proxy}" } } : r));
      const violations = await runPolicies(policies, degraded);
      expect(violations.map((v) => v.policy).sort()).to.deep.equal(["http-integrations-use-https", "stages-are-throttled"]);
    });
  });
}
