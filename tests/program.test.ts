import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/stack-config.ts";
import { createPassthroughApi, type PassthroughApiOutputs } from "../program.ts";
import { passthroughTemplate } from "../templates/index.ts";
import { MockCloud, promiseOf } from "./support/mock-cloud.ts";
import { stackConfig } from "./support/stack-config.ts";

const T = {
  restApi: "aws:apigateway/restApi:RestApi",
  resource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  deployment: "aws:apigateway/deployment:Deployment",
  stage: "aws:apigateway/stage:Stage",
  fn: "aws:lambda/function:Function",
};

async function declare(config: StackConfig): Promise<{ cloud: MockCloud; outputs: Record<string, string> }> {
  const cloud = new MockCloud();
  const outputs: PassthroughApiOutputs = createPassthroughApi(config);
  const values: Record<string, string> = Object.fromEntries(await Promise.all(
    Object.entries(outputs).map(async ([k, v]: [string, pulumi.Output<string>]) => [k, await promiseOf(v)] as const),
  ));
  await cloud.settle();
  return { cloud, outputs: values };
}

function deploymentHash(cloud: MockCloud): string {
  return (cloud.one(T.deployment).inputs.triggers as Record<string, string>).routes;
}

describe("the whole program (dev stack, mocked AWS)", () => {
  let dev: StackConfig;
  let run: { cloud: MockCloud; outputs: Record<string, string> };
  before(async () => {
    dev = await stackConfig("dev");
    run = await declare(dev);
  });

  it("declares one regional REST API with two ANY /{proxy+} routes", () => {
    expect(run.cloud.one(T.restApi).inputs.endpointConfiguration).to.deep.equal({ types: "REGIONAL" });
    const paths = run.cloud.ofType(T.resource).map((r) => r.state.path).sort();
    expect(paths).to.deep.equal(["/http", "/http/{proxy+}", "/lambda", "/lambda/{proxy+}"]);
    expect(run.cloud.ofType(T.method).map((m) => m.inputs.httpMethod)).to.deep.equal(["ANY", "ANY"]);
  });

  it("gives the Lambda route an AWS integration and the HTTP route an HTTP one, sharing one template", () => {
    const byType: Record<string, Record<string, unknown>> = Object.fromEntries(
      run.cloud.ofType(T.integration).map((i) => [i.inputs.type, i.inputs]));
    expect(Object.keys(byType).sort()).to.deep.equal(["AWS", "HTTP"]);
    expect(byType.AWS.uri).to.equal(run.cloud.one(T.fn).state.invokeArn);
    expect(byType.HTTP.uri).to.equal("https://httpbin.org/anything/{proxy}");
    for (const integration of Object.values(byType)) {
      expect(integration.requestTemplates).to.deep.equal({ "application/json": passthroughTemplate });
      expect(integration.passthroughBehavior).to.equal("WHEN_NO_TEMPLATES");
    }
  });

  it("maps the dev stack's query strings onto the echo request", () => {
    const http = run.cloud.ofType(T.integration).find((i) => i.inputs.type === "HTTP");
    expect(Object.keys(http?.inputs.requestParameters as object).sort()).to.deep.equal([
      "integration.request.path.proxy", "integration.request.querystring.query1", "integration.request.querystring.query2",
    ]);
  });

  it("exports the stable output names with their values", () => {
    const api = run.cloud.one(T.restApi);
    expect(run.outputs).to.deep.equal({
      invokeUrl: `https://${api.id}.execute-api.us-east-1.amazonaws.com/dev`,
      lambdaRouteUrl: `https://${api.id}.execute-api.us-east-1.amazonaws.com/dev/lambda`,
      httpRouteUrl: `https://${api.id}.execute-api.us-east-1.amazonaws.com/dev/http`,
      restApiId: api.id,
      restApiName: api.state.name,
      stageName: "dev",
      executionArn: api.state.executionArn,
      functionName: run.cloud.one(T.fn).state.name,
      functionArn: run.cloud.one(T.fn).state.arn,
    });
  });

  it("keeps the deployment trigger equal across two runs of the same program", async () => {
    const again = await declare(dev);
    expect(deploymentHash(again.cloud)).to.match(/^[0-9a-f]{64}$/).and.equal(deploymentHash(run.cloud));
  });

  const changes: [string, Record<string, unknown>][] = [
    ["a mapped query string", { httpQueryStrings: ["query1"] }],
    ["the echo endpoint", { echoEndpoint: "https://httpbingo.org/anything" }],
    ["the HTTP timeout", { httpTimeoutMs: 10000 }],
    ["a route's base path", { lambdaBasePath: "fn" }],
  ];
  for (const [what, overrides] of changes) {
    it(`changes the deployment trigger when ${what} changes`, async () => {
      const changed = await declare(await stackConfig("dev", overrides));
      expect(deploymentHash(changed.cloud)).to.not.equal(deploymentHash(run.cloud));
    });
  }

  it("does not redeploy for a stage-only change such as throttling", async () => {
    const changed = await declare(await stackConfig("dev", { throttlingRateLimit: 99 }));
    expect(deploymentHash(changed.cloud)).to.equal(deploymentHash(run.cloud));
  });
});
