import { expect } from "chai";
import got, { type Response } from "got";
import * as path from "node:path";
import type { ExecutionRecord } from "../../gateway/types.ts";
import { servedApi } from "../support/served-api.ts";
import { projectDir } from "../support/stack-config.ts";

const fixtureDir = path.join(projectDir, "tests", "fixtures", "gateway", "authorizers");

/** What the fixture's template renders from `$context.authorizer`. */
interface AuthorizerView {
  principalId: string;
  stringkey: string;
  numberkey: string;
  booleankey: string;
  nullkey: string;
  calls: string;
  integrationLatency: string;
}

describe("local gateway: Lambda authorizers (TOKEN and REQUEST) on a fixture API", function () {
  const served = servedApi({ projectDir: fixtureDir, stack: "test" });
  const { functionLogs, accessLog } = served;

  function call(route: string, headers: Record<string, string> = {}, method = "POST"): Promise<Response<string>> {
    return got(`${served.server.url}/test/${route}`, { method: method as "POST", headers, body: method === "GET" ? undefined : "{}", throwHttpErrors: false, retry: { limit: 0 } });
  }

  const token = (word: string) => ({ "X-Token": `Bearer ${word}` });

  /** Straight through the pipeline, so header names keep the case given here (got sends them lower-cased). */
  function handle(method: string, url: string, rawHeaders: string[]): Promise<ExecutionRecord> {
    return served.api.gateway.handle({ method, url, rawHeaders, body: Buffer.from("{}"), sourceIp: "127.0.0.1", localPort: 80 });
  }

  function logsOf(response: Response<string>): string[] {
    return functionLogs.filter((line) => line.includes(`\t${response.headers["x-amzn-requestid"]}\t`));
  }

  function accessLogOf(response: Response<string>): { authorizer?: { decision: string; cache: string } } {
    const line = accessLog.find((l) => l.includes(String(response.headers["x-amzn-requestid"])));
    return JSON.parse(line ?? "{}");
  }

  function expectAnswer(response: Response<string>, status: number, body: string, errorType: string): void {
    expect(response.statusCode, `expected ${status}; got ${response.statusCode} ${response.body}`).to.equal(status);
    expect(response.body).to.equal(body);
    expect(response.headers["x-amzn-errortype"]).to.equal(errorType);
    expect(response.headers["content-type"]).to.equal("application/json");
    expect(response.headers["content-length"]).to.equal(String(Buffer.byteLength(body)));
  }

  const UNAUTHORIZED = '{"message":"Unauthorized"}';
  const EXPLICIT_DENY = '{"Message":"User is not authorized to access this resource with an explicit deny"}';
  const IMPLICIT_DENY = '{"Message":"User is not authorized to access this resource"}';
  const CONFIGURATION_ERROR = '{"message":null}';

  describe("TOKEN authorizer", () => {
    it("answers a request without the identity header with 401 {\"message\":\"Unauthorized\"} (26 bytes) and never calls the function", async () => {
      const response = await call("token/x");
      expectAnswer(response, 401, UNAUTHORIZED, "UnauthorizedException");
      expect(UNAUTHORIZED).to.have.length(26);
      expect(logsOf(response)).to.deep.equal([]);
      expect(accessLogOf(response).authorizer).to.include({ decision: "unauthorized", cache: "skipped" });
    });

    it("answers an empty identity header with 401 too", async () => {
      expectAnswer(await call("token/x", { "X-Token": "" }), 401, UNAUTHORIZED, "UnauthorizedException");
    });

    it('answers a token that does not match the whole "validationExpression" with 401, without calling the function', async () => {
      for (const value of ["Bearer UPPER", "Basic stage", "Bearer stage extra"]) {
        const response = await call("token/x", { "X-Token": value });
        expectAnswer(response, 401, UNAUTHORIZED, "UnauthorizedException");
        expect(accessLogOf(response).authorizer).to.include({ cache: "skipped" });
      }
    });

    it("finds the identity header whatever its case", async () => {
      expect((await call("token/x", { "x-token": "Bearer stagecase" })).statusCode).to.equal(200);
    });

    it("sends the function {type, authorizationToken, methodArn} with the request's verb and path in the ARN", async () => {
      const record = await handle("PUT", "/test/token/a/b?ignored=1", ["X-Token", "Bearer stageevent"]);
      expect(record.response.status).to.equal(200);
      expect(JSON.parse(record.authorizer?.endpointRequest?.body ?? "")).to.deep.equal({
        type: "TOKEN", authorizationToken: "Bearer stageevent",
        methodArn: `arn:aws:execute-api:eu-west-1:123456789012:${served.api.model.apiId}/test/PUT/token/a/b`,
      });
    });

    it("allows with the policy, and both mapping templates see principalId and the context stringified", async () => {
      const response = await call("token/x", token("stagecontext"));
      expect(response.statusCode, response.body).to.equal(200);
      const view = JSON.parse(response.body) as AuthorizerView;
      expect(view).to.include({ principalId: "tester", stringkey: "from the token", numberkey: "7", booleankey: "false", nullkey: "" });
      expect(Number(view.integrationLatency)).to.be.at.least(0);
    });

    it("answers a matching explicit Deny with 403 and a capital Message, even beside a matching Allow", async () => {
      expectAnswer(await call("token/x", token("deny")), 403, EXPLICIT_DENY, "AccessDeniedException");
    });

    it("answers a policy with no matching Allow (another API) with 403, implicit deny", async () => {
      expectAnswer(await call("token/x", token("other")), 403, IMPLICIT_DENY, "AccessDeniedException");
    });

    it('matches IAM wildcards: "*" with execute-api:*, a Resource list with "?", and NotAction', async () => {
      expect((await call("token/x", token("star"))).statusCode).to.equal(200);
      expect((await call("token/x", token("list"))).statusCode, "P?ST matches POST").to.equal(200);
      expectAnswer(await call("token/x", token("list"), "PUT"), 403, IMPLICIT_DENY, "AccessDeniedException");
      expect((await call("token/x", token("notaction"))).statusCode).to.equal(200);
    });

    it('answers the function\'s error "Unauthorized" with 401, and any other error with 500 {"message":null}', async () => {
      expectAnswer(await call("token/x", token("unauthorized")), 401, UNAUTHORIZED, "UnauthorizedException");
      expectAnswer(await call("token/x", token("crash")), 500, CONFIGURATION_ERROR, "AuthorizerConfigurationException");
    });

    const unusable: [string, string][] = [
      ["null", "returns null"],
      ["proxy", "returns a proxy-style {statusCode, body}"],
      ["nested", "puts an object in its context"],
      ["anonymous", "returns no principalId"],
      ["slowly", "runs past its timeout"],
    ];
    for (const [word, what] of unusable) {
      it(`answers 500 AuthorizerConfigurationException when the function ${what}`, async () => {
        expectAnswer(await call("token/x", token(word)), 500, CONFIGURATION_ERROR, "AuthorizerConfigurationException");
      });
    }

    it("records a failed function call in the access log as an error, not cached", async () => {
      expect(accessLogOf(await call("token/x", token("crashlog"))).authorizer).to.include({ decision: "error", cache: "miss" });
    });
  });

  describe("result cache", () => {
    it("calls the function once per token within the TTL, re-evaluating the cached policy for another route and method", async () => {
      const first = JSON.parse((await call("token/x", token("stagecache"))).body) as AuthorizerView;
      const again = await call("token/y", token("stagecache"));
      const otherRoute = await call("token2/z", token("stagecache"), "GET");
      expect(JSON.parse(again.body).calls).to.equal(first.calls);
      expect(JSON.parse(otherRoute.body)).to.include({ calls: first.calls, integrationLatency: "0" });
      expect(accessLogOf(again).authorizer).to.include({ cache: "hit", decision: "allow" });
    });

    it("denies another method with a cached policy that named only the first method's ARN (the caching pitfall)", async () => {
      expect((await call("token/x", token("methodonly"))).statusCode).to.equal(200);
      const other = await call("token2/x", token("methodonly"));
      expectAnswer(other, 403, IMPLICIT_DENY, "AccessDeniedException");
      expect(accessLogOf(other).authorizer).to.include({ cache: "hit", decision: "implicit deny" });
    });

    it("caches a Deny too, but not a 401 or a 500", async () => {
      await call("token/x", token("denycached"));
      expect(accessLogOf(await call("token/x", token("denycached"))).authorizer).to.include({ cache: "hit", decision: "explicit deny" });
      await call("token/x", token("unauthorizedtwice"));
      expect(accessLogOf(await call("token/x", token("unauthorizedtwice"))).authorizer).to.include({ cache: "miss" });
      await call("token/x", token("crashtwice"));
      expect(accessLogOf(await call("token/x", token("crashtwice"))).authorizer).to.include({ cache: "miss" });
    });

    it("calls the function for every request when the TTL is 0", async () => {
      const first = JSON.parse((await call("uncached/x", { "X-User": "ann" })).body) as AuthorizerView;
      const second = await call("uncached/x", { "X-User": "ann" });
      expect(Number(JSON.parse(second.body).calls)).to.be.greaterThan(Number(first.calls));
      expect(accessLogOf(second).authorizer).to.include({ cache: "off" });
    });
  });

  describe("REQUEST authorizer", () => {
    it("answers 401 without calling the function when any identity source is missing", async () => {
      for (const [route, headers] of [["request/x", { "X-User": "ann" }], ["request/x?tenant=t1", {}]] as [string, Record<string, string>][]) {
        const response = await call(route, headers);
        expectAnswer(response, 401, UNAUTHORIZED, "UnauthorizedException");
        expect(logsOf(response)).to.deep.equal([]);
      }
    });

    it("sends the REQUEST event as API Gateway builds it: headers as sent, {} for absent maps, no version or identitySource", async () => {
      const record = await handle("PATCH", "/test/request/a/b?tenant=t1&tenant=t2", ["X-User", "bob", "x-extra", "1"]);
      expect(record.response.status, record.response.body).to.equal(200);
      const event = JSON.parse(record.authorizer?.endpointRequest?.body ?? "");
      expect(event).to.include({
        type: "REQUEST",
        methodArn: `arn:aws:execute-api:eu-west-1:123456789012:${served.api.model.apiId}/test/PATCH/request/a/b`,
        resource: "/request/{proxy+}", path: "/request/a/b", httpMethod: "PATCH",
      });
      expect(Object.keys(event)).to.not.include.members(["version", "identitySource", "authorizationToken", "body"]);
      expect(event.headers).to.include({ "X-User": "bob", "x-extra": "1" });
      expect(event.multiValueHeaders["X-User"]).to.deep.equal(["bob"]);
      expect(event.queryStringParameters).to.deep.equal({ tenant: "t2" });
      expect(event.multiValueQueryStringParameters).to.deep.equal({ tenant: ["t1", "t2"] });
      expect(event.pathParameters).to.deep.equal({ proxy: "a/b" });
      expect(event.stageVariables).to.deep.equal({});
      expect(event.requestContext).to.include({ stage: "test", httpMethod: "PATCH", path: "/test/request/a/b", resourcePath: "/request/{proxy+}" });
      expect(event.requestContext).to.include.keys("requestId", "deploymentId", "apiId", "identity", "requestTimeEpoch");
      expect(event.requestContext).to.not.have.any.keys("authorizer", "requestOverride", "responseOverride");
      // The same identity object as a Lambda proxy event's: AWS's 12 keys, null where unset.
      expect(Object.keys(event.requestContext.identity).sort()).to.deep.equal([
        "accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId",
        "cognitoIdentityPoolId", "principalOrgId", "sourceIp", "user", "userAgent", "userArn",
      ]);
      expect(event.requestContext.identity).to.include({ caller: null, sourceIp: "127.0.0.1" });
      expect(JSON.parse(record.response.body)).to.include({ principalId: "bob" });
    });

    it("logs the function's lines under the request id, as the backend's", async () => {
      const response = await call("request/x?tenant=logs", { "X-User": "dan" });
      const lines = logsOf(response);
      expect(lines.some((line) => line.includes("\tINFO\tEVENT {"))).to.equal(true);
    });

    it("keys the cache by every identity source: a new tenant calls the function again", async () => {
      await call("request/x?tenant=k1", { "X-User": "cara" });
      expect(accessLogOf(await call("request/x?tenant=k1", { "X-User": "cara" })).authorizer).to.include({ cache: "hit" });
      expect(accessLogOf(await call("request/x?tenant=k2", { "X-User": "cara" })).authorizer).to.include({ cache: "miss" });
    });
  });

  it("without an authorizer, every $context.authorizer value renders empty", async () => {
    const view = JSON.parse((await call("open/x")).body) as AuthorizerView;
    expect(Object.values(view).every((value) => value === "")).to.equal(true);
  });
});
