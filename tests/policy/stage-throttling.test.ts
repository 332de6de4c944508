import { expect } from "chai";
import { stagesAreThrottled, TYPES } from "../../policy/rules/index.ts";
import { validateStack, type TestResource } from "./harness.ts";

const STAGE_URN = "urn:pulumi:dev::passthrough-api::aws:apigateway/stage:Stage::passthrough";

function stage(name = "passthrough", stageName = "dev", urn = STAGE_URN): TestResource {
  return { type: TYPES.stage, name, urn, props: { restApi: "a1b2c3d4e5", stageName } };
}

function methodSettings(settings: Record<string, unknown>, props: Record<string, unknown> = {}, dependsOn?: string): TestResource {
  return {
    type: TYPES.methodSettings,
    name: "passthrough",
    props: { restApi: "a1b2c3d4e5", stageName: "dev", methodPath: "*/*", settings, ...props },
    propertyDependencies: dependsOn === undefined ? {} : { stageName: [dependsOn] },
  };
}

const THROTTLED = { throttlingRateLimit: 20, throttlingBurstLimit: 10 };

describe('stack policy "stages-are-throttled"', () => {
  it('accepts a stage whose "*/*" MethodSettings depends on it (as in a preview, before ids are known)', async () => {
    const settings = methodSettings(THROTTLED, { restApi: "unknown-yet", stageName: "unknown-yet" }, STAGE_URN);
    expect(await validateStack(stagesAreThrottled, [stage(), settings])).to.deep.equal([]);
  });

  it("accepts a MethodSettings matched by equal restApi and stageName values", async () => {
    expect(await validateStack(stagesAreThrottled, [stage(), methodSettings(THROTTLED)])).to.deep.equal([]);
  });

  it("rejects a stage without MethodSettings, reporting it against the stage", async () => {
    expect(await validateStack(stagesAreThrottled, [stage()])).to.deep.equal([{
      policy: "stages-are-throttled",
      urn: STAGE_URN,
      message: 'stage "passthrough" is not throttled: expected a MethodSettings for the stage with methodPath "*/*" and ' +
        "settings.throttlingRateLimit and settings.throttlingBurstLimit above 0; got no MethodSettings for it",
    }]);
  });

  it("rejects settings that only cover one method, or leave a limit unset (-1)", async () => {
    const oneMethod = methodSettings(THROTTLED, { methodPath: "lambda/{proxy+}/ANY" });
    const [narrow] = await validateStack(stagesAreThrottled, [stage(), oneMethod]);
    expect(narrow.message).to.include('got "passthrough" with methodPath "lambda/{proxy+}/ANY", throttlingRateLimit 20');
    const unthrottled = methodSettings({ throttlingRateLimit: -1, throttlingBurstLimit: 10 });
    const [unset] = await validateStack(stagesAreThrottled, [stage(), unthrottled]);
    expect(unset.message).to.include("throttlingRateLimit -1, throttlingBurstLimit 10");
  });

  it("does not count another stage's settings", async () => {
    const prodUrn = STAGE_URN.replace("passthrough", "prod");
    const violations = await validateStack(stagesAreThrottled, [
      stage(), stage("prod", "prod", prodUrn), methodSettings(THROTTLED, {}, STAGE_URN),
    ]);
    expect(violations.map((v) => v.urn)).to.deep.equal([prodUrn]);
  });
});
