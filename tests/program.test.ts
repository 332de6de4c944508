import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
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
  authorizer: "aws:apigateway/authorizer:Authorizer",
  integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
  gatewayResponse: "aws:apigateway/response:Response",
  permission: "aws:lambda/permission:Permission",
};

async function declare(config: StackConfig): Promise<{ cloud: MockCloud; outputs: Record<string, string> }> {
  const cloud = new MockCloud();
  const outputs: PassthroughApiOutputs = createPassthroughApi(config);
  const values: Record<string, string> = Object.fromEntries(await Promise.all(
    // Pulumi leaves an undefined export out of the stack's outputs.
    Object.entries(outputs).filter(([, v]) => v !== undefined).map(async ([k, v]: [string, pulumi.Input<string>]) => [k, await promiseOf(pulumi.output(v))] as const),
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

  it("declares one regional REST API with two ANY /{proxy+} routes, each with an OPTIONS preflight", () => {
    expect(run.cloud.one(T.restApi).inputs.endpointConfiguration).to.deep.equal({ types: "REGIONAL" });
    const paths = run.cloud.ofType(T.resource).map((r) => r.state.path).sort();
    expect(paths).to.deep.equal(["/http", "/http/{proxy+}", "/lambda", "/lambda/{proxy+}"]);
    expect(run.cloud.ofType(T.method).map((m) => m.inputs.httpMethod).sort()).to.deep.equal(["ANY", "ANY", "OPTIONS", "OPTIONS"]);
  });

  it("answers CORS for the dev stack's local web origin: preflights, route responses and the gateway's own errors", () => {
    const origin = `'${dev.corsAllowOrigins[0]}'`;
    const preflights = run.cloud.ofType(T.integrationResponse).filter((r) => r.inputs.httpMethod === "OPTIONS");
    expect(preflights.map((r) => r.inputs.statusCode)).to.deep.equal(["204", "204"]);
    for (const response of run.cloud.ofType(T.integrationResponse)) {
      expect(response.inputs.responseParameters, response.name).to.include({ "method.response.header.Access-Control-Allow-Origin": origin });
    }
    const gatewayResponses = run.cloud.ofType(T.gatewayResponse);
    expect(gatewayResponses.map((r) => r.inputs.responseType).sort()).to.deep.equal(["DEFAULT_4XX", "DEFAULT_5XX"]);
    for (const response of gatewayResponses) {
      expect(response.inputs.restApiId).to.equal(run.cloud.one(T.restApi).id);
      expect(response.inputs.responseParameters).to.include({ "gatewayresponse.header.Access-Control-Allow-Origin": origin });
    }
  });

  it("gives the Lambda route an AWS integration and the HTTP route an HTTP one, sharing one template", () => {
    const byType: Record<string, Record<string, unknown>> = Object.fromEntries(
      run.cloud.ofType(T.integration).filter((i) => i.inputs.type !== "MOCK").map((i) => [i.inputs.type, i.inputs]));
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
      functionName: run.cloud.one(T.fn, "echo").state.name,
      functionArn: run.cloud.one(T.fn, "echo").state.arn,
      authorizerType: "none",
    });
  });

  it("leaves both routes open, as the article does", () => {
    expect(run.cloud.ofType(T.authorizer)).to.deep.equal([]);
    expect(run.cloud.ofType(T.method).map((m) => m.inputs.authorization)).to.deep.equal(["NONE", "NONE", "NONE", "NONE"]);
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
    ["the CORS origins", { corsAllowOrigins: ["https://app.example"] }],
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

describe("the whole program (prod stack: a REQUEST authorizer in front of both routes, mocked AWS)", () => {
  let prod: StackConfig;
  let run: { cloud: MockCloud; outputs: Record<string, string> };
  before(async () => {
    prod = await stackConfig("prod");
    run = await declare(prod);
  });

  it("declares a REQUEST authorizer on the API that calls the authorizer function, keyed and cached as configured", () => {
    const authorizer = run.cloud.one(T.authorizer);
    expect(authorizer.inputs).to.include({
      restApi: run.cloud.one(T.restApi).id,
      type: "REQUEST",
      identitySource: "method.request.header.Authorization",
      authorizerResultTtlInSeconds: 300,
      authorizerUri: run.cloud.one(T.fn, "authorizer").state.invokeArn,
    });
    expect(authorizer.inputs).to.not.have.property("identityValidationExpression");
  });

  it("declares no CORS: no preflights, no gateway responses", () => {
    expect(run.cloud.ofType(T.method).map((m) => m.inputs.httpMethod)).to.deep.equal(["ANY", "ANY"]);
    expect(run.cloud.ofType(T.gatewayResponse)).to.deep.equal([]);
  });

  it("protects both routes' methods with it (authorization CUSTOM)", () => {
    const authorizerId = run.cloud.one(T.authorizer).id;
    for (const method of run.cloud.ofType(T.method)) {
      expect(method.inputs, method.name).to.include({ authorization: "CUSTOM", authorizerId });
    }
  });

  it("lets only this authorizer of this API invoke the authorizer function", () => {
    const permission = run.cloud.one(T.permission, "authorizer-invoke");
    expect(permission.inputs).to.include({
      function: run.cloud.one(T.fn, "authorizer").state.name,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${run.cloud.one(T.restApi).state.executionArn}/authorizers/${run.cloud.one(T.authorizer).id}`,
    });
  });

  it("exports what a client and a consumer stack need to know about the authorizer", () => {
    expect(run.outputs).to.include({
      authorizerType: "request",
      authorizerIdentitySource: "method.request.header.Authorization",
      authorizerFunctionName: run.cloud.one(T.fn, "authorizer").state.name,
    });
  });

  const changes: [string, Record<string, unknown>][] = [
    ["its cache TTL", { authorizerCacheTtlSeconds: 60 }],
    ["its identity source", { authorizerIdentitySource: "method.request.header.Authorization,method.request.querystring.tenant" }],
    ["its type", { authorizer: "token" }],
    ["whether there is one", { authorizer: "none" }],
  ];
  for (const [what, overrides] of changes) {
    it(`changes the deployment trigger when the authorizer's ${what.replace(/^whether/, "presence, i.e. whether")} changes`, async () => {
      const changed = await declare(await stackConfig("prod", overrides));
      expect(deploymentHash(changed.cloud)).to.not.equal(deploymentHash(run.cloud));
    });
  }
});
