import { expect } from "chai";
import got, { type Response } from "got";
import { connect } from "node:net";
import * as path from "node:path";
import { surviveFunctionErrors } from "../../gateway/backends/lambda-logs.ts";
import { servedApi } from "../support/served-api.ts";
import { projectDir } from "../support/stack-config.ts";

const fixtureDir = path.join(projectDir, "tests", "fixtures", "gateway", "api");

describe("local gateway against a fixture API (errors and edge cases)", function () {
  const served = servedApi({ projectDir: fixtureDir, stack: "test" });
  const { functionLogs, accessLog } = served;

  function call(method: string, pathAndQuery: string, options: { body?: string; headers?: Record<string, string> } = {}): Promise<Response<string>> {
    return got(`${served.server.url}${pathAndQuery}`, {
      method: method as "GET", body: options.body, headers: options.headers, throwHttpErrors: false, retry: { limit: 0 },
      allowGetBody: true,
    });
  }

  function expectGatewayError(response: Response<string>, status: number, message: string, errorType: string): void {
    expect(response.statusCode, `expected ${status}; got ${response.statusCode} ${response.body}`).to.equal(status);
    expect(JSON.parse(response.body)).to.deep.equal({ message });
    expect(response.headers["x-amzn-errortype"]).to.equal(errorType);
    expect(response.headers["content-type"]).to.equal("application/json");
  }

  const json = { "Content-Type": "application/json" };

  describe("routing", () => {
    const misses: [string, string][] = [
      ["POST", "/prod/lambda/a"], ["POST", "/test/nowhere/a"], ["POST", "/test/lambda"], ["POST", "/test/lambda/"],
      ["POST", "/test"], ["GET", "/"],
    ];
    for (const [method, where] of misses) {
      it(`answers ${method} ${where} with 403 Missing Authentication Token, never 404`, async () => {
        expectGatewayError(await call(method, where), 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
      });
    }

    it("sends an explicitly declared method to its own integration and every other method to ANY", async () => {
      const get = await call("GET", "/test/explicit/x");
      const post = await call("POST", "/test/explicit/x", { body: "{}", headers: json });
      expect(JSON.parse(JSON.parse(get.body).body)).to.deep.equal({ via: "GET" });
      expect(JSON.parse(JSON.parse(post.body).body)).to.deep.equal({ via: "ANY" });
    });

    it("matches {proxy+} greedily and passes the rest of the path as the proxy parameter", async () => {
      const response = await call("DELETE", "/test/lambda/a/b%20c/d");
      const event = JSON.parse(JSON.parse(response.body).body);
      expect(event.params.path).to.deep.equal({ proxy: "a/b c/d" });
      expect(event.method).to.equal("DELETE");
    });
  });

  describe("request templates and passthroughBehavior", () => {
    it('selects the application/json template for "application/json; charset=UTF-8" and for no Content-Type', async () => {
      for (const headers of [{ "Content-Type": "application/json; charset=UTF-8" }, {}] as Record<string, string>[]) {
        const event = JSON.parse(JSON.parse((await call("POST", "/test/lambda/x", { body: '{"a":1}', headers })).body).body);
        expect(event["body-json"]).to.deep.equal({ a: 1 });
      }
    });

    it('"passthroughBehavior" WHEN_NO_TEMPLATES rejects an unmapped content type with 415 once templates exist', async () => {
      const response = await call("POST", "/test/lambda/x", { body: "a=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      expectGatewayError(response, 415, "Unsupported Media Type", "UnsupportedMediaTypeException");
    });

    it('"passthroughBehavior" NEVER rejects an unmapped content type with 415 and transforms a mapped one', async () => {
      expectGatewayError(await call("POST", "/test/strict/x", { body: "hi", headers: { "Content-Type": "text/plain" } }),
        415, "Unsupported Media Type", "UnsupportedMediaTypeException");
      expect((await call("POST", "/test/strict/x", { body: "{}", headers: json })).statusCode).to.equal(200);
    });

    it('"passthroughBehavior" WHEN_NO_MATCH without templates passes the body to Lambda unchanged', async () => {
      const response = await call("POST", "/test/raw/x", { body: '{"untouched": [1, 2]}', headers: { "Content-Type": "text/plain" } });
      expect(JSON.parse(JSON.parse(response.body).body)).to.deep.equal({ untouched: [1, 2] });
    });

    it("passes an empty body with no template to the function as {}", async () => {
      const response = await call("POST", "/test/raw/x", { body: "", headers: { "Content-Type": "text/plain" } });
      expect(response.statusCode).to.equal(200);
      expect(JSON.parse(JSON.parse(response.body).body)).to.deep.equal({});
    });

    it("answers a payload Lambda cannot parse as JSON with 400 and Jackson's wording and position, as Lambda relays it", async () => {
      const response = await call("POST", "/test/raw/x", { body: "token=abc", headers: { "Content-Type": "text/plain" } });
      expect(response.statusCode).to.equal(400);
      expect(response.body).to.equal(JSON.stringify({ message: "Could not parse request body into json: Could not parse payload into json: " +
        "Unrecognized token 'token': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n" +
        ' at [Source: (byte[])"token=abc"; line: 1, column: 7]' }).replace('{"message":', '{"message": '));
    });
  });

  describe("Lambda custom integration", () => {
    it("maps a thrown error to 502 with the error template, never 200", async () => {
      const response = await call("POST", "/test/fail/x?reason=testing", { body: "{}", headers: json });
      expect(response.statusCode).to.equal(502);
      expect(JSON.parse(response.body)).to.deep.equal({
        message: "Internal server error", errorType: "TypeError", requestId: response.headers["x-amzn-requestid"],
      });
    });

    it("shows the function's logs prefixed by the request id", async () => {
      const response = await call("POST", "/test/fail/x", { body: "{}", headers: json });
      const requestId = response.headers["x-amzn-requestid"];
      expect(functionLogs.some((line) => line.includes(`\t${requestId}\tERROR\tabout to fail`))).to.equal(true);
    });

    it("ends a function that outlives its timeout as a function error (Task timed out)", async () => {
      const response = await call("POST", "/test/slow/x", { body: "{}", headers: json });
      expect(response.statusCode).to.equal(502);
    });

    it("logs errors a function leaves behind under its request id, and keeps serving", async () => {
      // Only the gateway's listeners: mocha's would take the function's errors for the test's own.
      const events = ["uncaughtException", "unhandledRejection"] as const;
      const mochas = events.map((event) => process.rawListeners(event) as NodeJS.UncaughtExceptionListener[]);
      events.forEach((event) => process.removeAllListeners(event));
      const restore = surviveFunctionErrors();
      try {
        const response = await call("POST", "/test/stray/x", { body: "{}", headers: json });
        expect(response.statusCode).to.equal(200);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const requestId = response.headers["x-amzn-requestid"];
        const logged = (label: string, message: string) =>
          functionLogs.some((line) => line.includes(`\t${requestId}\tERROR\t${label} \t`) && line.includes(message));
        expect(logged("Uncaught Exception", '"errorType":"RangeError","errorMessage":"thrown in a timer"')).to.equal(true);
        expect(logged("Unhandled Promise Rejection", '"errorMessage":"rejected, unawaited"')).to.equal(true);
        expect((await call("POST", "/test/lambda/x", { body: "{}", headers: json })).statusCode).to.equal(200);
      } finally {
        restore();
        events.forEach((event, i) => mochas[i].forEach((listener) => process.on(event, listener)));
      }
    });

    it("runs the handler with the function's environment", async () => {
      const response = await call("POST", "/test/env/x", { body: "{}", headers: json });
      const body = JSON.parse(response.body);
      expect(body.GREETING).to.equal("hello");
      expect(body.name).to.match(/^env-[0-9a-f]{7}$/);
    });

    it("answers 500 when the integration has no response for the outcome", async () => {
      expectGatewayError(await call("POST", "/test/unmapped/x", { body: "{}", headers: json }),
        500, "Internal server error", "InternalServerErrorException");
    });
  });

  describe("integration responses", () => {
    it("applies the response template chosen by Accept, its overrides and the response parameters", async () => {
      const response = await call("POST", "/test/override/x", { body: "{}", headers: json });
      expect(response.statusCode).to.equal(201);
      expect(response.headers["x-override"]).to.equal("yes");
      expect(response.headers["x-static"]).to.equal("static");
      expect(response.headers["x-amzn-remapped-server"]).to.equal("mine");
      expect(JSON.parse(response.body).wrapped).to.be.a("string");
      const plain = await call("POST", "/test/override/x", { body: "{}", headers: { ...json, Accept: "text/plain, application/json" } });
      expect(plain.body).to.equal("plain: 200");
    });

    for (const [accept, status] of [["text/x-broken-header", 200], ["text/x-broken-header-204", 204]] as const) {
      it(`answers 500 when a mapped header value cannot be sent (a line break, status ${status}), and keeps serving`, async () => {
        const broken = await call("POST", "/test/override/x", { body: "{}", headers: { ...json, Accept: accept } });
        expectGatewayError(broken, 500, "Internal server error", "InternalServerErrorException");
        expect(broken.statusMessage).to.equal("Internal Server Error");
        const logged = accessLog.map((line) => JSON.parse(line)).find((entry) => entry.requestId === broken.headers["x-amzn-requestid"]);
        expect(logged).to.include({ status: 500 }).and.to.have.property("failure").that.matches(/not sendable/);
        expect((await call("POST", "/test/lambda/x", { body: "{}", headers: json })).statusCode).to.equal(200);
      });
    }

    it("adds x-amzn-RequestId, x-amz-apigw-id and X-Amzn-Trace-Id to integration responses", async () => {
      const response = await call("POST", "/test/lambda/x", { body: "{}", headers: json });
      expect(response.headers["x-amzn-requestid"]).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(response.headers["x-amz-apigw-id"]).to.match(/^.{15}=$/);
      expect(response.headers["x-amzn-trace-id"]).to.match(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    });
  });

  describe("HTTP custom integration", () => {
    it("answers 500 Internal server error when the endpoint is unreachable", async () => {
      expectGatewayError(await call("POST", "/test/down/x", { body: "{}", headers: json }), 500, "Internal server error", "InternalServerErrorException");
    });

    it("answers 504 Endpoint request timed out past the integration timeout", async () => {
      expectGatewayError(await call("POST", "/test/late/2", { body: "{}", headers: json }), 504, "Endpoint request timed out", "IntegrationTimeoutException");
    });

    it("selects the 400 response for a backend 4xx instead of passing 200 or the backend status", async () => {
      const response = await call("POST", "/test/missing/x", { body: "{}", headers: json });
      expect(response.statusCode).to.equal(400);
      expect(response.body).to.equal("Not Found");
    });

    it("forwards only mapped query strings and no client headers", async () => {
      const response = await call("POST", "/test/http/a/b?q=1&other=2", { body: '{"k":1}', headers: { ...json, "x-client": "c" } });
      const echo = JSON.parse(response.body);
      expect(echo.args).to.deep.equal({ q: "1" });
      expect(Object.keys(echo.headers)).to.not.include("X-Client");
      expect(echo.json.params.header["x-client"]).to.equal("c");
      expect(echo.headers["User-Agent"]).to.equal(`AmazonAPIGateway_${served.api.model.apiId}`);
    });
  });

  describe("HTTP server", () => {
    /** Sends `request` on a new connection and resolves with all the server wrote until it closed; `halfClose` ends the sending side at once. */
    function raw(request: string, halfClose = true): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket = connect(served.server.port, "127.0.0.1", () => (halfClose ? socket.end(request) : socket.write(request)));
        let answer = "";
        socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
        socket.on("close", () => resolve(answer));
        socket.on("error", reject);
      });
    }

    it("answers request headers over API Gateway's 10240 bytes with 431", async () => {
      const answer = await raw(`GET /test/lambda/x HTTP/1.1\r\nHost: a\r\nX-Big: ${"b".repeat(11000)}\r\n\r\n`);
      expect(answer).to.match(/^HTTP\/1\.1 431 /);
    });

    it("answers a client that half-closes once its request is sent, on both integrations", async () => {
      for (const route of ["lambda", "http"]) {
        const answer = await raw(`POST /test/${route}/x HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
        expect(answer, route).to.match(/^HTTP\/1\.1 200 /);
      }
    });

    it("answers many concurrent requests each with its own answer", async () => {
      const names = Array.from({ length: 40 }, (_, index) => `c${index}`);
      const responses = await Promise.all(names.map((name) => call("POST", `/test/lambda/${name}`, { body: "{}", headers: json })));
      expect(responses.map((response) => JSON.parse(JSON.parse(response.body).body).params.path.proxy)).to.deep.equal(names);
      expect(new Set(responses.map((response) => response.headers["x-amzn-requestid"])).size).to.equal(names.length);
    });

    it("answers requests pipelined on one connection in the order they were sent", async () => {
      const requests = ["p1", "p2", "p3"].map((name, index) =>
        `POST /test/lambda/${name} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n${index === 2 ? "Connection: close\r\n" : ""}\r\n{}`);
      const answer = await raw(requests.join(""), false);
      expect(answer.match(/HTTP\/1\.1 200 /g)).to.have.length(3);
      expect([...answer.matchAll(/\\"proxy\\":\\"(p\d)\\"/g)].map((match) => match[1])).to.deep.equal(["p1", "p2", "p3"]);
    });

    it("answers a CONNECT with 403 Missing Authentication Token", async () => {
      const answer = await raw("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
      expect(answer).to.match(/^HTTP\/1\.1 403 /);
      expect(answer).to.contain('{"message":"Missing Authentication Token"}');
    });

    it("answers a body above 10 MB with 413 and logs it", async () => {
      const response = await call("POST", "/test/lambda/x", { body: "x".repeat(10 * 1024 * 1024 + 1), headers: json });
      expectGatewayError(response, 413, "Request Too Long", "RequestTooLargeException");
      await new Promise((resolve) => setImmediate(resolve));
      expect(JSON.parse(accessLog.at(-1) ?? "{}")).to.include({ requestId: response.headers["x-amzn-requestid"], status: 413 });
    });
  });

  it("resolves dot segments before routing, so a greedy path cannot climb out of the backend's base path", async () => {
    const handle = (url: string) => served.api.gateway.handle({
      method: "POST", url, rawHeaders: ["Content-Type", "application/json"], body: Buffer.from("{}"), sourceIp: "127.0.0.1", localPort: served.server.port,
    });
    expect((await handle("/test/http/x/../../delay/1")).response.status).to.equal(403);
    const inside = await handle("/test/http/a/./b/%2e%2E/c");
    expect(JSON.parse(inside.response.body).url).to.equal(`${served.api.echo?.endpoint}/a/c`);
  });

  it("keeps what a failed request got through, for test-invoke and the log", async () => {
    const record = await served.api.gateway.handle({
      method: "POST", url: "/test/late/2", rawHeaders: ["Content-Type", "application/json"],
      body: Buffer.from("{}"), sourceIp: "127.0.0.1", localPort: served.server.port,
    });
    expect(record.response.status).to.equal(504);
    expect(record.resourcePath).to.equal("/late/{proxy+}");
    expect(record.methodRequest?.pathParameters).to.deep.equal({ proxy: "2" });
  });

  it("writes one access-log line per request with status and latencies", async () => {
    const before = accessLog.length;
    const response = await call("POST", "/test/lambda/x", { body: "{}", headers: json });
    await new Promise((resolve) => setImmediate(resolve));
    const line = JSON.parse(accessLog.at(-1) ?? "{}");
    expect(accessLog.length).to.equal(before + 1);
    expect(line).to.include({ requestId: response.headers["x-amzn-requestid"], method: "POST", path: "/test/lambda/x", status: 200 });
    expect(line.latencyMs).to.be.a("number");
    expect(line.integrationLatencyMs).to.be.a("number");
  });
});
