import { expect } from "chai";
import got from "got";
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
    expect(routes).to.deep.equal(["OPTIONS,ANY /lambda/{proxy+}", "OPTIONS,ANY /http/{proxy+}"]);
    expect(api.model.stageName).to.equal("dev");
    for (const resource of api.model.resources) {
      expect(resource.methods.get("ANY")?.integration?.requestTemplates.get("application/json")?.source).to.equal(passthroughTemplate);
    }
  });

  it("Lambda route: 200 with the function's {statusCode, body} holding the passthrough event", async () => {
    const event = assertLambdaRouteEcho(await sendSeedRequest(`${stageUrl}/lambda`));
    expect(event.params.header).to.include({ "X-Forwarded-Proto": "http" });
  });

  it("answers a browser's preflight from the dev stack's local web origin with 204 and the CORS headers, no body", async () => {
    const origin = "http://localhost:5173";
    for (const route of ["lambda", "http"]) {
      const response = await got(`${stageUrl}/${route}/path1`, {
        method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
        throwHttpErrors: false, retry: { limit: 0 },
      });
      expect(response.statusCode).to.equal(204);
      expect(response.headers).to.include({
        "access-control-allow-origin": origin, "access-control-allow-methods": "OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD", vary: "Origin",
      });
      expect(response.headers["access-control-allow-headers"]).to.include("Content-Type");
      expect(response.headers).to.not.have.property("x-amzn-trace-id");
      expect(response.body).to.equal("");
    }
  });

  it("puts the origin on the routes' answers and on the gateway's own errors", async () => {
    const ok = await got.post(`${stageUrl}/lambda/a`, { json: {}, throwHttpErrors: false });
    const missing = await got.post(`${stageUrl}/nowhere`, { json: {}, throwHttpErrors: false });
    expect([ok.statusCode, missing.statusCode]).to.deep.equal([200, 403]);
    for (const response of [ok, missing]) expect(response.headers["access-control-allow-origin"]).to.equal("http://localhost:5173");
    expect(missing.body).to.equal('{"message":"Missing Authentication Token"}');
  });

  it("HTTP route: the echo of a POST carrying the rendered template, the mapped query strings only", async () => {
    const echo = assertHttpRouteEcho(await sendSeedRequest(`${stageUrl}/http`));
    expect(echo.url.startsWith(api.echo?.endpoint ?? "missing")).to.equal(true);
  });
});
