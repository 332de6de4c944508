import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { runProgram, type RegisteredResource } from "../../engine/offline-engine.ts";
import { policies, TYPES } from "../../policy/rules/index.ts";
import { runPolicies } from "./harness.ts";

const projectDir = fileURLToPath(new URL("../../", import.meta.url));

/** How many resources of each checked type the program declares: the pack must see them, not pass vacuously. */
const CHECKED = {
  [TYPES.lambdaPermission]: 1,
  [TYPES.integration]: 2,
  [TYPES.stage]: 1,
  [TYPES.methodSettings]: 1,
  [TYPES.iamRolePolicy]: 1,
  [TYPES.iamRole]: 1,
};

function counts(resources: readonly RegisteredResource[]): Record<string, number> {
  return Object.fromEntries(Object.keys(CHECKED).map((type) => [type, resources.filter((r) => r.type === type).length]));
}

for (const stack of ["dev", "prod"]) {
  describe(`this project's ${stack} stack against the policy pack (offline engine)`, () => {
    let resources: readonly RegisteredResource[];
    before(async function () {
      this.timeout(120_000);
      resources = (await runProgram({ projectDir, stack })).resources;
    });

    it("declares the resources the rules inspect", () => {
      expect(counts(resources)).to.deep.equal(CHECKED);
    });

    it("passes every rule", async () => {
      expect(await runPolicies(policies, resources)).to.deep.equal([]);
    });

    it("would fail if the stage lost its throttling or the echo endpoint went plain http", async () => {
      const degraded = resources
        .filter((r) => r.type !== TYPES.methodSettings)
        .map((r) => (r.name === "http-integration" ? { ...r, inputs: { ...r.inputs, uri: "http://httpbin.org/anything/{proxy}" } } : r));
      const violations = await runPolicies(policies, degraded);
      expect(violations.map((v) => v.policy).sort()).to.deep.equal(["http-integrations-use-https", "stages-are-throttled"]);
    });
  });
}
