import { expect } from "chai";
import { loadLocalApi, type LocalApi } from "../../gateway/local-api.ts";
import { startGatewayServer, type RunningGateway } from "../../gateway/server.ts";
import { passthroughTemplate } from "../../templates/index.ts";
import { assertHttpRouteEcho, assertLambdaRouteEcho, sendSeedRequest } from "../contract/seed-contract.ts";

describe("the article's request against the dev stack served by the local gateway", () => {
  let api: LocalApi;
  let server: RunningGateway;
  let stageUrl: string;
  before(async () => {
    api = await loadLocalApi({ stack: "dev" });
    server = await startGatewayServer(api.gateway);
    stageUrl = `${server.url}/${api.model.stageName}`;
  });
  after(async () => {
    await server?.close();
    await api?.close();
  });

  it("serves the routes, templates and stage the program declared", () => {
    const routes = api.model.resources.map((r) => `${[...r.methods.keys()].join(",")} ${r.path}`);
    expect(routes).to.deep.equal(["ANY /lambda/{proxy+}", "ANY /http/{proxy+}"]);
    expect(api.model.stageName).to.equal("dev");
    for (const resource of api.model.resources) {
      expect(resource.methods.get("ANY")?.integration?.requestTemplates.get("application/json")?.source).to.equal(passthroughTemplate);
    }
  });

  it("Lambda route: 200 with the function's {statusCode, body} holding the passthrough event", async () => {
    const event = assertLambdaRouteEcho(await sendSeedRequest(`${stageUrl}/lambda`));
    expect(event.params.header).to.include({ "X-Forwarded-Proto": "http" });
  });

  it("HTTP route: the echo of a POST carrying the rendered template, the mapped query strings only", async () => {
    const echo = assertHttpRouteEcho(await sendSeedRequest(`${stageUrl}/http`));
    expect(echo.url.startsWith(api.echo?.endpoint ?? "missing")).to.equal(true);
  });
});
