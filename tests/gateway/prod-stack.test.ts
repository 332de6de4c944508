import { expect } from "chai";
import { captureLambdaLogs } from "../../gateway/backends/lambda-logs.ts";
import { loadLocalApi, type LocalApi } from "../../gateway/local-api.ts";
import { startGatewayServer, type RunningGateway } from "../../gateway/server.ts";
import { DEMO_CONTEXT } from "../../handlers/authorizer.ts";
import { assertHttpRouteEcho, assertLambdaRouteEcho, sendSeedRequest, type SeedResponse } from "../contract/seed-contract.ts";

/** The prod stack protects both routes with the demonstration REQUEST authorizer (identity: the Authorization header). */
describe("the article's request against the prod stack (REQUEST authorizer) served by the local gateway", () => {
  let api: LocalApi;
  let server: RunningGateway;
  const authorizerCalls: string[] = [];
  const routes = ["lambda", "http"];
  let stageUrl: string;

  before(async () => {
    captureLambdaLogs((line) => {
      if (/\tINFO\tauthorizer-[0-9a-f]+: /.test(line)) authorizerCalls.push(line);
    });
    api = await loadLocalApi({ stack: "prod" });
    server = await startGatewayServer(api.gateway);
    stageUrl = `${server.url}/prod`;
  });
  after(async () => {
    await server?.close();
    await api?.close();
  });

  const send = (route: string, authorization?: string): Promise<SeedResponse> =>
    sendSeedRequest(`${stageUrl}/${route}`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

  for (const route of routes) {
    it(`${route} route: no Authorization header → 401 {"message":"Unauthorized"}, the authorizer not called`, async () => {
      const before = authorizerCalls.length;
      expect(await send(route)).to.deep.equal({ statusCode: 401, body: '{"message":"Unauthorized"}' });
      expect(authorizerCalls.length).to.equal(before);
    });

    it(`${route} route: Authorization: deny → 403 explicit deny`, async () => {
      expect(await send(route, "deny")).to.deep.equal({ statusCode: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' });
    });

    it(`${route} route: Authorization: unauthorized → 401, anything else → 500`, async () => {
      expect((await send(route, "unauthorized")).statusCode).to.equal(401);
      expect(await send(route, `nonsense-${route}`)).to.deep.equal({ statusCode: 500, body: '{"message":null}' });
    });
  }

  it("Authorization: allow → 200 on both routes, the backend's authcontext being the authorizer's stringkey", async () => {
    assertLambdaRouteEcho(await send("lambda", "allow"), DEMO_CONTEXT.stringkey);
    assertHttpRouteEcho(await send("http", "allow"), DEMO_CONTEXT.stringkey);
  });

  it("a second allow within the TTL does not call the authorizer again, and the cached result allows the other route", async () => {
    // A token of its own, so that no earlier test has cached it.
    const token = "Allow";
    const before = authorizerCalls.length;
    assertLambdaRouteEcho(await send("lambda", token), DEMO_CONTEXT.stringkey);
    assertLambdaRouteEcho(await send("lambda", token), DEMO_CONTEXT.stringkey);
    assertHttpRouteEcho(await send("http", token), DEMO_CONTEXT.stringkey);
    expect(authorizerCalls.length - before, authorizerCalls.slice(before).join("")).to.equal(1);
  });
});
