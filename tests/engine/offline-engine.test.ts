import { expect } from "chai";
import { fileURLToPath } from "node:url";
import { ProgramFailedError, isUnknown, runProgram } from "../../engine/offline-engine.ts";
import type { ProgramRun, RunProgramOptions } from "../../engine/offline-engine.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/engine/", import.meta.url));

/** Each run starts node with tsx (a few seconds): one run per fixture, shared by its assertions. */
function run(fixture: string, options: Omit<RunProgramOptions, "projectDir"> = {}): Promise<ProgramRun> {
  return runProgram({ projectDir: `${FIXTURES}${fixture}`, stack: "test", ...options });
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the run to be rejected; it succeeded");
}

describe("engine/offline-engine runProgram", function () {
  this.timeout(60_000);

  describe("GIVEN 000.empty", () => {
    let result: ProgramRun;
    before(async () => {
      result = await run("000.empty");
    });

    it('registers exactly one resource, the stack "urn:pulumi:test::fixture-empty::pulumi:pulumi:Stack::fixture-empty-test"', () => {
      expect(result.resources.map((r) => r.urn)).to.deep.equal([
        "urn:pulumi:test::fixture-empty::pulumi:pulumi:Stack::fixture-empty-test",
      ]);
      expect(result.exports).to.deep.equal({});
    });

    it("logs no warning or error", () => {
      expect(result.diagnostics.filter((d) => d.severity === "warning" || d.severity === "error")).to.deep.equal([]);
    });
  });

  describe("GIVEN 001.one_resource (update)", () => {
    let result: ProgramRun;
    before(async () => {
      result = await run("001.one_resource");
    });

    it("registers the RestApi under the stack with a Pulumi-shaped URN", () => {
      const api = result.get("aws:apigateway/restApi:RestApi", "api");
      expect(api.urn).to.equal("urn:pulumi:test::fixture-one-resource::aws:apigateway/restApi:RestApi::api");
      expect(api.parent).to.equal(result.stackResource.urn);
      expect(api.custom).to.equal(true);
    });

    it("records the inputs the program sent: the Pulumi.yaml default of config \"description\"", () => {
      expect(result.get("aws:apigateway/restApi:RestApi", "api").inputs).to.deep.equal({ description: "fixture api" });
    });

    it('answers with simulated outputs in the stack file\'s "aws:region" (eu-west-1)', () => {
      const api = result.get("aws:apigateway/restApi:RestApi", "api");
      expect(api.id).to.match(/^[a-z0-9]{10}$/);
      expect(api.outputs).to.include({ description: "fixture api", executionArn: `arn:aws:execute-api:eu-west-1:123456789012:${api.id}` });
      expect(api.outputs.name).to.match(/^api-[0-9a-f]{7}$/);
    });

    it("exports the resolved outputs and config: stack file over default, array config decoded", () => {
      const api = result.get("aws:apigateway/restApi:RestApi", "api");
      expect(result.exports).to.deep.equal({
        apiId: api.id,
        apiName: api.outputs.name,
        executionArn: api.outputs.executionArn,
        greeting: "hi from the stack file",
        limits: [1, 2],
      });
    });

    it("get() names the type, the name and the count when there is no single match", () => {
      expect(() => result.get("aws:apigateway/stage:Stage", "stage")).to.throw(
        'expected exactly 1 aws:apigateway/stage:Stage named "stage"; got 0',
      );
    });
  });

  describe("GIVEN 001.one_resource as a dry run with a config override", () => {
    let result: ProgramRun;
    before(async () => {
      result = await run("001.one_resource", { dryRun: true, config: { "fixture-one-resource:description": "overridden" } });
    });

    it("passes the override to the program", () => {
      expect(result.get("aws:apigateway/restApi:RestApi", "api").inputs.description).to.equal("overridden");
    });

    it("leaves computed outputs unknown but knows the autonamed name, like pulumi preview", () => {
      const api = result.get("aws:apigateway/restApi:RestApi", "api");
      expect(api.id).to.equal(undefined);
      expect(isUnknown(api.outputs.executionArn)).to.equal(true);
      expect(isUnknown(result.exports.apiId)).to.equal(true);
      expect(result.exports.apiName).to.match(/^api-[0-9a-f]{7}$/);
    });
  });

  describe("GIVEN 002.config_error", () => {
    it("WHEN the program throws on bad config THEN the run is rejected with its message and only the stack exists", async () => {
      const err = await rejectionOf(run("002.config_error", { config: { "fixture-config-error:stageName": "dev stage" } }));
      expect(err).to.be.instanceOf(ProgramFailedError);
      const failure = err as ProgramFailedError;
      expect(failure.message).to.contain('config "fixture-config-error:stageName" must match [A-Za-z0-9_]+, got "dev stage"');
      expect(failure.programMessage).to.equal(
        'Error: config "fixture-config-error:stageName" must match [A-Za-z0-9_]+, got "dev stage"',
      );
      expect(failure.exitCode).to.not.equal(0);
      expect(failure.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    });

    it('WHEN a "secure:" value is given THEN the run fails naming the key before the program starts', async () => {
      const err = await rejectionOf(run("002.config_error", { config: { "fixture-config-error:stageName": { secure: "v1:x" } } }));
      expect(err).not.to.be.instanceOf(ProgramFailedError);
      expect(err.message).to.contain('"fixture-config-error:stageName" is a secret ("secure:")');
    });
  });

  describe("GIVEN 003.api_routes", () => {
    let result: ProgramRun;
    before(async () => {
      result = await run("003.api_routes");
    });

    it("gives a component's children URNs qualified by the component's type", () => {
      expect(result.get("aws:lambda/function:Function", "backend-fn").urn).to.equal(
        "urn:pulumi:test::fixture-api-routes::fixture:index:Backend$aws:lambda/function:Function::backend-fn",
      );
    });

    it('decodes the Lambda "code" FileArchive into its path', () => {
      const fn = result.get("aws:lambda/function:Function", "backend-fn");
      expect(fn.inputs.code).to.deep.equal({ kind: "FileArchive", path: "./dist" });
      expect(fn.inputs).to.deep.include({ timeout: 5, environment: { variables: { GREETING: "hello" } } });
    });

    it("chains Resource paths through their parents: /v1/items", () => {
      expect(result.get("aws:apigateway/resource:Resource", "items").outputs.path).to.equal("/v1/items");
      expect(result.exports.itemsPath).to.equal("/v1/items");
    });

    it("feeds the Function's invokeArn to the Integration's uri", () => {
      const fn = result.get("aws:lambda/function:Function", "backend-fn");
      const integration = result.get("aws:apigateway/integration:Integration", "items-get");
      expect(integration.inputs.uri).to.equal(fn.outputs.invokeArn);
      expect(integration.inputs.uri).to.match(/^arn:aws:apigateway:eu-central-1:lambda:path\/2015-03-31\/functions\/arn:aws:lambda:/);
      expect(integration.propertyDependencies.uri).to.deep.equal([fn.urn]);
    });

    it("records dependsOn as a dependency of the Deployment", () => {
      const integration = result.get("aws:apigateway/integration:Integration", "items-get");
      expect(result.get("aws:apigateway/deployment:Deployment", "deployment").dependencies).to.include(integration.urn);
    });

    it("exports the stage URL, invoke results, and the secret as secret", () => {
      const api = result.get("aws:apigateway/restApi:RestApi", "api");
      expect(result.exports).to.include({
        url: `https://${api.id}.execute-api.eu-central-1.amazonaws.com/v1`,
        region: "eu-central-1",
        accountId: "123456789012",
        token: "s3cr3t",
      });
      expect(result.stackResource.secretOutputs).to.deep.equal(["token"]);
    });

    it('puts resources of an explicit provider in that provider\'s "region"', () => {
      const logs = result.get("aws:cloudwatch/logGroup:LogGroup", "west-logs");
      expect(logs.provider).to.match(/^urn:pulumi:test::fixture-api-routes::pulumi:providers:aws::west::/);
      expect(logs.outputs.arn).to.match(/^arn:aws:logs:us-west-2:123456789012:log-group:west-logs-[0-9a-f]{7}$/);
    });

    it("reads a StackReference as an existing resource without outputs", () => {
      const shared = result.get("pulumi:pulumi:StackReference", "organization/shared/prod");
      expect(shared.read).to.equal(true);
      expect(shared.outputs).to.deep.include({ outputs: {} });
      expect(result.exports.sharedName).to.equal("organization/shared/prod");
    });

    it("stores a component's registerOutputs as its outputs", () => {
      const fn = result.get("aws:lambda/function:Function", "backend-fn");
      expect(result.get("fixture:index:Backend", "backend").outputs).to.deep.equal({ functionName: fn.outputs.name });
    });
  });
});
