import { expect } from "chai";
import got, { type Response } from "got";
import * as path from "node:path";
import { runProgram, type ProgramRun } from "../../engine/offline-engine.ts";
import { readDeclaredApi, restApiNames } from "../../gateway/declared-api.ts";
import { servedApi } from "../support/served-api.ts";
import { projectDir } from "../support/stack-config.ts";

const fixtureDir = path.join(projectDir, "tests", "fixtures", "gateway", "surface");

describe("local gateway: the REST API surface beyond custom integrations (fixture program with two APIs)", function () {
  const served = servedApi({ projectDir: fixtureDir, stack: "test", api: "surface" });

  function call(method: string, pathAndQuery: string, headers: Record<string, string> = {}, body?: string): Promise<Response<string>> {
    return got(`${served.server.url}/test${pathAndQuery}`, { method: method as "GET", headers, body, throwHttpErrors: false, retry: { limit: 0 }, allowGetBody: true });
  }

  describe("MOCK integration", () => {
    it("answers with the status its request template renders and that status's response template, calling nothing", async () => {
      const ok = await call("GET", "/health");
      const down = await call("GET", "/health?fail=yes");
      expect([ok.statusCode, JSON.parse(ok.body)]).to.deep.equal([200, { status: "ok", stage: "test" }]);
      expect([down.statusCode, JSON.parse(down.body)]).to.deep.equal([503, { status: "down" }]);
      expect(ok.headers).to.include({ "content-type": "application/json" });
      expect(ok.headers).to.have.property("x-amzn-requestid");
      expect(ok.headers).to.not.have.property("x-amzn-trace-id");
    });

    it("reads AWS CDK's unquoted { statusCode: 204 } and, without a response template, sends 0 bytes", async () => {
      const preflight = await call("OPTIONS", "/health");
      expect(preflight.statusCode).to.equal(204);
      expect(preflight.body).to.equal("");
      expect(preflight.headers["access-control-allow-origin"]).to.equal("*");
    });
  });

  describe("AWS_PROXY (Lambda proxy) integration", () => {
    it("sends the v1 proxy event: raw path and path parameters, decoded query, null for absent maps, no authorizer key", async () => {
      const response = await call("GET", "/lambdaproxy/a%20b/c?x=1&x=2&y=%C3%A9", { "X-Custom": "v" });
      expect(response.statusCode).to.equal(200);
      const event = JSON.parse(response.body);
      expect(event).to.include({ resource: "/lambdaproxy/{proxy+}", path: "/lambdaproxy/a%20b/c", httpMethod: "GET", body: null, isBase64Encoded: false });
      expect(event.pathParameters).to.deep.equal({ proxy: "a%20b/c" });
      expect(event.queryStringParameters).to.deep.equal({ x: "2", y: "é" });
      expect(event.multiValueQueryStringParameters).to.deep.equal({ x: ["1", "2"], y: ["é"] });
      expect(event.stageVariables).to.deep.equal({ flavour: "vanilla" });
      expect(event.headers).to.include({ "x-custom": "v" });
      expect(Object.keys(event.requestContext).sort()).to.deep.equal([
        "accountId", "apiId", "deploymentId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod", "identity", "path", "protocol",
        "requestId", "requestTime", "requestTimeEpoch", "resourceId", "resourcePath", "stage",
      ]);
      expect(Object.keys(event.requestContext.identity)).to.have.length(12);
      expect(event.requestContext).to.include({ path: "/test/lambdaproxy/a%20b/c", resourcePath: "/lambdaproxy/{proxy+}", stage: "test" });
      expect(response.headers).to.have.property("x-amzn-trace-id");
    });

    it("sends null query maps and body without a query or body", async () => {
      const event = JSON.parse((await call("GET", "/lambdaproxy/x")).body);
      expect([event.queryStringParameters, event.multiValueQueryStringParameters, event.body]).to.deep.equal([null, null, null]);
    });

    it("answers from the function's result: default status 200 and Content-Type, a numeric string status, multi values first", async () => {
      const empty = await call("GET", "/lambdaproxy/x?answer=empty");
      expect([empty.statusCode, empty.body, empty.headers["content-type"]]).to.deep.equal([200, "", "application/json"]);
      const created = await call("GET", "/lambdaproxy/x?answer=created");
      expect([created.statusCode, created.body]).to.deep.equal([201, "made"]);
      const headers = await call("GET", "/lambdaproxy/x?answer=headers");
      expect(headers.headers).to.include({ flag: "true" });
      expect(lines(headers.rawHeaders, "test-multi")).to.deep.equal(["value-multi", "value-solo"]);
    });

    it("sends each value of a multi-value header on a line of its own, a value also in headers once: two cookies stay two", async () => {
      const response = await call("GET", "/lambdaproxy/x?answer=cookies");
      expect(lines(response.rawHeaders, "set-cookie")).to.deep.equal(["a=1; Path=/", "b=2; Path=/"]);
    });

    it("renames Date and Server set by the function, keeping its own", async () => {
      const response = await call("GET", "/lambdaproxy/x?answer=remapped");
      expect(response.headers).to.include({ "x-amzn-remapped-date": "yesterday", "x-amzn-remapped-server": "mine" });
    });

    for (const answer of ["badstatus", "extrakey", "text", "objectbody", "badmulti", "linebreak", "throw"]) {
      it(`answers 502 {"message": "Internal server error"} (36 bytes) for a malformed result: ${answer}`, async () => {
        const response = await call("GET", `/lambdaproxy/x?answer=${answer}`);
        expect([response.statusCode, response.body]).to.deep.equal([502, '{"message": "Internal server error"}']);
        expect(response.headers["x-amzn-errortype"]).to.equal("InternalServerErrorException");
      });
    }

    it("answers 500 on every call when the integration is not called with POST", async () => {
      const response = await call("GET", "/proxyget");
      expect([response.statusCode, response.body]).to.deep.equal([500, '{"message": "Internal server error"}']);
    });
  });

  describe("HTTP_PROXY integration", () => {
    it("forwards the client's method, path, query and headers, keeps the URI's query and appends mapped parameters", async () => {
      const response = await call("PUT", "/httpproxy/a/b?x=1&x=2", { Accept: "text/plain", "User-Agent": "mine", Via: "1.1 elsewhere", "Max-Forwards": "5" }, "raw body");
      expect(response.statusCode).to.equal(200);
      const echo = JSON.parse(response.body);
      expect(echo.method).to.equal("PUT");
      expect(echo.url).to.match(/\/anything\/a\/b\?fixed=1&x=1&x=2&mapped=yes$/);
      expect(echo.data).to.equal("raw body");
      expect(echo.headers).to.include({ Accept: "text/plain", "User-Agent": "mine", "X-Mapped": "mapped" });
      expect(echo.headers).to.include.keys("X-Amzn-Apigateway-Api-Id", "X-Amzn-Trace-Id");
      expect(Object.keys(echo.headers).map((h) => h.toLowerCase())).to.not.include.members(["via", "max-forwards"]);
    });

    it("passes the backend's status, body and headers back, renaming its Date, and adds no trace id", async () => {
      const response = await call("GET", "/httpproxy/x");
      expect(response.headers).to.have.property("x-amzn-remapped-date");
      expect(response.headers).to.not.have.property("x-amzn-trace-id");
    });
  });

  describe("integrations API Gateway would refuse, or the gateway does not run", () => {
    it("answers a mapped Content-Length header with 500 on every call", async () => {
      const response = await call("POST", "/lengthy", {}, "{}");
      expect([response.statusCode, response.body]).to.deep.equal([500, '{"message": "Internal server error"}']);
    });

    it("answers a service integration it does not emulate with 500, naming its URI in the access log", async () => {
      const response = await call("POST", "/queue", {}, "{}");
      expect(response.statusCode).to.equal(500);
      const line = served.accessLog.find((l) => l.includes(String(response.headers["x-amzn-requestid"])));
      expect(line).to.include("arn:aws:apigateway:eu-west-1:sqs:path/123456789012/jobs").and.include("not emulated");
    });
  });

  describe("methods protected by IAM or a Cognito user pool, which the gateway does not verify", () => {
    for (const [what, headers] of [["no Authorization", {}], ["a bearer token", { Authorization: "Bearer abc" }]] as const) {
      it(`refuses an IAM method called with ${what} as Missing Authentication Token (here customized to 404)`, async () => {
        const response = await call("GET", "/signed", headers);
        expect(response.statusCode).to.equal(404);
        expect(response.headers["x-amzn-errortype"]).to.equal("MissingAuthenticationTokenException");
      });
    }

    it("lets a signed call to an IAM method through, unverified, in a header or a presigned URL", async () => {
      const signed = await call("GET", "/signed", { Authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/execute-api/aws4_request" });
      const presigned = await call("GET", "/signed?X-Amz-Signature=abc");
      expect([signed.statusCode, signed.body, presigned.statusCode]).to.deep.equal([200, '{"ok": true}', 200]);
    });

    it("serves the rest of the API and answers a Cognito method 500, naming what is not emulated in the access log", async () => {
      const response = await call("GET", "/members", { Authorization: "a-token" });
      expect([response.statusCode, response.body]).to.deep.equal([500, '{"message":"Internal server error"}']);
      const line = served.accessLog.find((l) => l.includes(String(response.headers["x-amzn-requestid"])));
      expect(line).to.include("Cognito user pool authorizers are not emulated");
    });
  });

  describe("request validator", () => {
    const json = { "Content-Type": "application/json" };

    it("lists every missing required parameter in one 400, headers first, before looking at the body", async () => {
      const response = await call("POST", "/pets?q=", json, "not json");
      expect(response.statusCode).to.equal(400);
      expect(JSON.parse(response.body)).to.deep.include({ error: "Missing required request parameters: [X-Tenant, q]", type: "BAD_REQUEST_PARAMETERS" });
    });

    it("answers a body its draft-4 model refuses with Invalid request body, the detail in validationErrorString", async () => {
      const response = await call("POST", "/pets?q=1", { ...json, "X-Tenant": "t1" }, '{"tags": ["toolong"]}');
      expect(response.statusCode).to.equal(400);
      const body = JSON.parse(response.body);
      expect(body).to.include({ error: "Invalid request body", type: "BAD_REQUEST_BODY" });
      expect(body.detail).to.include("must have required property 'name'").and.include("/tags/0");
      expect(response.headers["x-error-tenant"]).to.equal("t1");
    });

    it("refuses an empty body for an object model, and lets a valid one through to the integration", async () => {
      expect((await call("POST", "/pets?q=1", { ...json, "X-Tenant": "t1" }, "")).statusCode).to.equal(400);
      const ok = await call("POST", "/pets?q=1", { ...json, "X-Tenant": "t1" }, '{"name": "rex", "tags": ["good"]}');
      expect([ok.statusCode, JSON.parse(ok.body)]).to.deep.equal([200, { ok: true }]);
    });
  });

  describe("gateway responses", () => {
    it("uses a type's customization: status, and a template with $context and $stageVariables substituted", async () => {
      const response = await call("GET", "/nowhere");
      expect(response.statusCode).to.equal(404);
      expect(JSON.parse(response.body)).to.deep.equal({ message: "no route at /test/nowhere", stage: "vanilla" });
      expect(response.headers["x-amzn-errortype"]).to.equal("MissingAuthenticationTokenException");
    });

    it("falls back to DEFAULT_5XX for a 5xx without a customization of its own, keeping AWS's body when it sets only headers", async () => {
      const response = await call("POST", "/lengthy", {}, "{}");
      expect(response.headers["x-five"]).to.equal("yes");
      expect(response.body).to.equal('{"message": "Internal server error"}');
    });
  });

  describe("CORS through the LambdaCustomRoute component, with two origins", () => {
    it("answers each allowed origin with itself, in the preflight and in the route's answers", async () => {
      for (const origin of ["https://a.example", "https://b.example"]) {
        const preflight = await call("OPTIONS", "/cors/x", { Origin: origin, "Access-Control-Request-Method": "PUT" });
        const answer = await call("PUT", "/cors/x", { Origin: origin, "Content-Type": "application/json" }, "{}");
        expect([preflight.statusCode, preflight.headers["access-control-allow-origin"]]).to.deep.equal([204, origin]);
        expect([answer.statusCode, answer.headers["access-control-allow-origin"]]).to.deep.equal([200, origin]);
        expect(JSON.parse(answer.body)).to.deep.equal({ method: "PUT" });
      }
    });

    it("answers an origin it does not allow with the first allowed one, which a browser refuses", async () => {
      const preflight = await call("OPTIONS", "/cors/x", { Origin: "https://evil.example" });
      expect(preflight.headers["access-control-allow-origin"]).to.equal("https://a.example");
    });
  });
});

describe("local gateway: stage throttling with --throttle (fixture stage: 1 request/s, burst 2)", () => {
  const served = servedApi({ projectDir: fixtureDir, stack: "test", api: "surface", throttle: true });

  it("lets a burst through, then answers 429 Too Many Requests through the gateway responses", async () => {
    const statuses: number[] = [];
    let throttled: Response<string> | undefined;
    for (let i = 0; i < 4; i++) {
      const response = await got(`${served.server.url}/test/health`, { throwHttpErrors: false, retry: { limit: 0 } });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) throttled = response;
    }
    expect(statuses.slice(0, 2)).to.deep.equal([200, 200]);
    expect(statuses.slice(2)).to.include(429);
    expect(throttled?.headers["x-amzn-errortype"]).to.equal("TooManyRequestsException");
    expect(JSON.parse(throttled?.body ?? "{}")).to.include({ error: "Too Many Requests", type: "THROTTLED" });
  });
});

describe("a program with several REST APIs", function () {
  this.timeout(120_000);
  let run: ProgramRun;
  before(async () => {
    run = await runProgram({ projectDir: fixtureDir, stack: "test" });
  });

  it("names them, and serves the one chosen by its logical name", () => {
    expect(restApiNames(run)).to.deep.equal(["other", "surface"]);
    const other = readDeclaredApi(run, "eu-west-1", "other");
    expect([other.stageName, other.resources.map((r) => r.path)]).to.deep.equal(["v1", ["/ping"]]);
  });

  it("refuses to guess, listing the names", () => {
    expect(() => readDeclaredApi(run, "eu-west-1")).to.throw('the program declares 2 REST APIs ("other", "surface"); choose one with --api <name>');
    expect(() => readDeclaredApi(run, "eu-west-1", "nope")).to.throw('the program declares no REST API named "nope"; it declares "other", "surface"');
  });
});

/** The values of every header line named `name` (any case), in order. */
function lines(rawHeaders: readonly string[], name: string): string[] {
  return rawHeaders.flatMap((value, i) => (i % 2 === 1 && rawHeaders[i - 1].toLowerCase() === name ? [value] : []));
}
