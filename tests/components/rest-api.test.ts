import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { HttpCustomRoute } from "../../components/http-custom-route.ts";
import { ACCESS_LOG_FORMAT, RestApi, type RestApiArgs } from "../../components/rest-api.ts";
import { MockCloud, promiseOf } from "../support/mock-cloud.ts";

async function declareApi(overrides: Partial<RestApiArgs> = {}, template = "{}"): Promise<{ cloud: MockCloud; api: RestApi }> {
  const cloud = new MockCloud();
  const api = new RestApi("api", {
    stageName: "dev",
    throttling: { rateLimit: 20, burstLimit: 10 },
    routes: (restApi, parent) => [
      new HttpCustomRoute("http", { restApi, basePath: "http", endpoint: "https://echo.example", requestTemplate: template }, { parent }),
    ],
    ...overrides,
  });
  await promiseOf(pulumi.all([api.invokeUrl, api.deploymentHash]));
  await cloud.settle();
  return { cloud, api };
}

describe("RestApi", () => {
  it("throttles every method of the stage", async () => {
    const { cloud } = await declareApi();
    const settings = cloud.one("aws:apigateway/methodSettings:MethodSettings").inputs;
    expect(settings).to.include({ methodPath: "*/*", stageName: "dev" });
    expect(settings.settings).to.include({ throttlingRateLimit: 20, throttlingBurstLimit: 10 });
  });

  it("points the stage at the deployment and exposes each route's URL", async () => {
    const { cloud, api } = await declareApi();
    const stage = cloud.one("aws:apigateway/stage:Stage").inputs;
    expect(stage.deployment).to.equal(cloud.one("aws:apigateway/deployment:Deployment").id);
    expect(await promiseOf(api.routeUrls.http)).to.equal(`${await promiseOf(api.invokeUrl)}/http`);
  });

  it("writes no access logs unless asked", async () => {
    const { cloud } = await declareApi();
    expect(cloud.one("aws:apigateway/stage:Stage").inputs.accessLogSettings).to.equal(undefined);
    expect(cloud.ofType("aws:cloudwatch/logGroup:LogGroup")).to.have.length(0);
  });

  it("writes JSON access logs to a log group with the given retention when asked", async () => {
    const { cloud } = await declareApi({ accessLogRetentionDays: 30 });
    const logGroup = cloud.one("aws:cloudwatch/logGroup:LogGroup");
    expect(logGroup.inputs.retentionInDays).to.equal(30);
    expect(cloud.one("aws:apigateway/stage:Stage").inputs.accessLogSettings).to.deep.equal({
      destinationArn: logGroup.state.arn, format: ACCESS_LOG_FORMAT,
    });
    expect(Object.keys(JSON.parse(ACCESS_LOG_FORMAT))).to.include.members(["requestId", "ip", "status", "integrationLatency"]);
  });

  it("redeploys when a request template changes", async () => {
    const before = await declareApi({}, "{}");
    const after = await declareApi({}, "{\"changed\": true}");
    const hash = (c: MockCloud) => (c.one("aws:apigateway/deployment:Deployment").inputs.triggers as Record<string, string>).routes;
    expect(hash(after.cloud)).to.not.equal(hash(before.cloud));
    expect(hash(before.cloud)).to.equal(await promiseOf(before.api.deploymentHash));
  });

  it("rejects two routes on the same base path", async () => {
    new MockCloud();
    expect(() => new RestApi("api", {
      stageName: "dev",
      throttling: { rateLimit: 1, burstLimit: 1 },
      routes: (restApi, parent) => ["a", "b"].map((n) =>
        new HttpCustomRoute(n, { restApi, basePath: "same", endpoint: "https://e.example", requestTemplate: "{}" }, { parent })),
    })).to.throw(/RestApi "api": two routes use the base path "same"/);
  });
});
