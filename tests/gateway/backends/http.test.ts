import { expect } from "chai";
import * as http from "node:http";
import { startEchoServer, type EchoBody, type RunningEcho } from "../../../gateway/echo-server.ts";
import { GATEWAY_ERRORS, GatewayFailure } from "../../../gateway/errors.ts";
import { buildUrl, HttpBackend, type HttpBackendOptions } from "../../../gateway/backends/http.ts";
import { HttpProxyBackend } from "../../../gateway/backends/http-proxy.ts";
import { listen, type Listening } from "../../../gateway/listen.ts";
import type { IntegrationCall, IntegrationParameters } from "../../../gateway/types.ts";

const TRACE_ID = "Root=1-5759e988-bd862e3fe1be46a994272793";
/** What the client sent: none of it may reach the backend unless mapped. */
const CLIENT_HEADERS = { header1: ["value1"], Accept: ["application/xml"], "User-Agent": ["curl/8.5.0"], Cookie: ["a=1"] };

/** A call as the pipeline makes it, with only the parts an HTTP integration reads filled in. */
function call(parts: { clientMethod?: string; clientContentType?: string; body?: string; parameters?: Partial<IntegrationParameters> } = {}): IntegrationCall {
  const clientMethod = parts.clientMethod ?? "POST";
  return {
    requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    traceId: TRACE_ID,
    clientMethod,
    clientContentType: parts.clientContentType,
    body: parts.body ?? '{"rendered":true}',
    rendered: true,
    parameters: { path: {}, querystring: {}, header: {}, ...parts.parameters },
    proxy: {
      resourcePath: "/http/{proxy+}", rawPath: "/http/a", rawQuery: "", rawPathParameters: { proxy: "a" },
      methodRequest: { body: "", pathParameters: { proxy: "a" }, query: { query1: ["querystring1"] }, headers: CLIENT_HEADERS }, context: {}, stageVariables: {},
    },
  };
}

function integration(options: Partial<HttpBackendOptions> = {}): HttpBackend {
  return new HttpBackend({ uri: "http://backend.example/anything/{proxy}", integrationHttpMethod: "POST", timeoutMs: 29000, apiId: "abcdef1234", ...options });
}

/** The GatewayFailure `promise` rejects with; fails the test when it resolves or rejects with something else. */
async function failureOf(promise: Promise<unknown>): Promise<GatewayFailure> {
  try {
    await promise;
  } catch (err) {
    expect(err, `expected a GatewayFailure; got ${String(err)}`).to.be.instanceOf(GatewayFailure);
    return err as GatewayFailure;
  }
  expect.fail("expected a GatewayFailure; got a response");
}

describe("HTTP custom integration", () => {
  describe("buildUrl", () => {
    it("fills {proxy} keeping its slashes and percent-encoding every other reserved character", () => {
      expect(buildUrl("http://h/anything/{proxy}", { proxy: "path1/path2" }, {})).to.equal("http://h/anything/path1/path2");
      expect(buildUrl("http://h/anything/{proxy}", { proxy: "a b/c?d#e%f&g/é" }, {})).to.equal("http://h/anything/a%20b/c%3Fd%23e%25f%26g/%C3%A9");
    });

    it("fills a greedy {proxy+} placeholder and several named ones", () => {
      expect(buildUrl("http://h/{tenant}/items/{proxy+}", { tenant: "t 1", proxy: "x/y" }, {})).to.equal("http://h/t%201/items/x/y");
    });

    it("a placeholder with no mapped value becomes empty", () => {
      expect(buildUrl("http://h/anything/{proxy}", {}, {})).to.equal("http://h/anything/");
    });

    it("appends mapped query strings with '?', or '&' when the URI has a query already, form-encoded", () => {
      expect(buildUrl("http://h/x", {}, { query1: "querystring1", q: "a b&c=d" })).to.equal("http://h/x?query1=querystring1&q=a+b%26c%3Dd");
      expect(buildUrl("http://h/x?fixed=1", {}, { q: "2" })).to.equal("http://h/x?fixed=1&q=2");
    });

    it("leaves the URI as it is with no query strings", () => {
      expect(buildUrl("http://h/x?fixed=1", {}, {})).to.equal("http://h/x?fixed=1");
    });
  });

  describe("endpointRequest", () => {
    it("sends API Gateway's own headers only: Accept, User-Agent, X-Amzn-Apigateway-Api-Id, X-Amzn-Trace-Id", () => {
      const request = integration().endpointRequest(call({ clientMethod: "GET" }));
      expect(request.headers).to.deep.equal({
        Accept: "application/json", "User-Agent": "AmazonAPIGateway_abcdef1234", "X-Amzn-Apigateway-Api-Id": "abcdef1234", "X-Amzn-Trace-Id": TRACE_ID,
      });
    });

    it("uses the integration's method whatever the client's, and the client's method for ANY", () => {
      expect(integration({ integrationHttpMethod: "POST" }).endpointRequest(call({ clientMethod: "GET" })).method).to.equal("POST");
      expect(integration({ integrationHttpMethod: "ANY" }).endpointRequest(call({ clientMethod: "PATCH" })).method).to.equal("PATCH");
    });

    it("copies the client's Content-Type only when the client's method is not GET, HEAD or OPTIONS", () => {
      const contentTypeFor = (clientMethod: string) =>
        integration().endpointRequest(call({ clientMethod, clientContentType: "application/json; charset=utf-8" })).headers["Content-Type"];
      for (const clientMethod of ["POST", "PUT", "PATCH", "DELETE"]) expect(contentTypeFor(clientMethod), clientMethod).to.equal("application/json; charset=utf-8");
      for (const clientMethod of ["GET", "HEAD", "OPTIONS"]) expect(contentTypeFor(clientMethod), clientMethod).to.equal(undefined);
      expect(integration().endpointRequest(call({ clientMethod: "POST" })).headers).to.not.have.property("Content-Type");
    });

    it("mapped headers are added and override API Gateway's own", () => {
      const request = integration().endpointRequest(call({
        clientContentType: "application/json",
        parameters: { header: { "User-Agent": "Override-Agent", "Content-Type": "text/plain", "X-Mapped": "yes" } },
      }));
      expect(request.headers).to.include({ "User-Agent": "Override-Agent", "Content-Type": "text/plain", "X-Mapped": "yes", Accept: "application/json" });
    });

    it("builds the URL from the mapped path and query, and sends the call's body", () => {
      const request = integration().endpointRequest(call({ body: "rendered", parameters: { path: { proxy: "path1/path2" }, querystring: { query1: "querystring1" } } }));
      expect([request.url, request.body]).to.deep.equal(["http://backend.example/anything/path1/path2?query1=querystring1", "rendered"]);
    });
  });

  describe("invoke", () => {
    let echo: RunningEcho;

    before(async () => {
      echo = await startEchoServer();
    });

    after(async () => {
      await echo.close();
    });

    it("sends the endpoint request and answers with the backend's status as the selection value", async () => {
      const result = await integration({ uri: `${echo.endpoint}/{proxy}` }).invoke(call({
        clientMethod: "GET", body: '{"rendered":true}', parameters: { path: { proxy: "path1/path2" }, querystring: { query1: "querystring1" } },
      }));
      expect([result.status, result.selectionValue]).to.deep.equal([200, "200"]);
      expect(result.endpointRequest?.url).to.equal(`${echo.endpoint}/path1/path2?query1=querystring1`);
      const received = JSON.parse(result.body) as EchoBody;
      expect(received).to.deep.include({ method: "POST", data: '{"rendered":true}', args: { query1: "querystring1" } });
      expect(received.url).to.match(/\/anything\/path1\/path2\?query1=querystring1$/);
      expect(result.headers["Content-Type"]).to.equal("application/json");
    });

    it("the backend receives API Gateway's headers, Host and Content-Length, none of the client's headers or query strings", async () => {
      const result = await integration({ uri: echo.endpoint }).invoke(call({ clientMethod: "GET", clientContentType: "application/json", body: "12345" }));
      const { headers, args } = JSON.parse(result.body) as EchoBody;
      expect(args).to.deep.equal({});
      expect(headers).to.include({
        Accept: "application/json", "User-Agent": "AmazonAPIGateway_abcdef1234", "X-Amzn-Apigateway-Api-Id": "abcdef1234",
        "X-Amzn-Trace-Id": TRACE_ID, "Content-Length": "5",
      });
      const names = Object.keys(headers).filter((name) => name !== "Connection").sort();
      expect(names, `expected only API Gateway's headers; got ${names.join(", ")}`).to.deep.equal([
        "Accept", "Content-Length", "Host", "User-Agent", "X-Amzn-Apigateway-Api-Id", "X-Amzn-Trace-Id",
      ]);
    });

    it("a mapped header replaces API Gateway's on the wire, whatever its case", async () => {
      const result = await integration({ uri: echo.endpoint }).invoke(call({ parameters: { header: { accept: "text/plain" } } }));
      const { headers } = JSON.parse(result.body) as EchoBody;
      expect(headers.Accept).to.equal("text/plain");
    });

    it("a GET to the backend carries no body", async () => {
      const result = await integration({ uri: echo.endpoint, integrationHttpMethod: "GET" }).invoke(call({ body: "not sent" }));
      const received = JSON.parse(result.body) as EchoBody;
      expect([received.method, received.data]).to.deep.equal(["GET", ""]);
      expect(received.headers).to.not.have.property("Content-Length");
    });

    it("a backend 4xx is a result, not a failure: its status is the selection value, its body passes back", async () => {
      const origin = new URL(echo.endpoint).origin;
      const result = await integration({ uri: `${origin}/nothing/{proxy}` }).invoke(call({ parameters: { path: { proxy: "x" } } }));
      expect([result.status, result.selectionValue, result.body]).to.deep.equal([404, "404", "Not Found"]);
    });

    describe("against a backend that repeats a header and writes names in its own case", () => {
      let backend: Listening;

      before(async () => {
        backend = await listen(http.createServer((_req, res) => {
          res.setHeader("Set-Cookie", ["a=1; Path=/", "b=2; Path=/"]);
          res.setHeader("X-Backend-Case", "kept");
          res.setHeader("Date", "yesterday");
          res.end("ok");
        }), "127.0.0.1", 0);
      });

      after(async () => {
        await backend.close();
      });

      it("an HTTP integration's result keeps each value of a repeated header, under the backend's casing", async () => {
        const result = await integration({ uri: `http://127.0.0.1:${backend.port}/x` }).invoke(call());
        expect(result.headers).to.deep.include({ "Set-Cookie": ["a=1; Path=/", "b=2; Path=/"], "X-Backend-Case": "kept" });
      });

      it("an HTTP proxy answers with each Set-Cookie on a line of its own and the backend's casing, its Date renamed", async () => {
        const proxy = new HttpProxyBackend({ uri: `http://127.0.0.1:${backend.port}/x`, integrationHttpMethod: "ANY", timeoutMs: 29000, apiId: "abcdef1234" });
        const result = await proxy.invoke(call({ clientMethod: "GET" }));
        expect(result.headers).to.deep.include({ "Set-Cookie": ["a=1; Path=/", "b=2; Path=/"], "X-Backend-Case": "kept", "x-amzn-Remapped-Date": "yesterday" });
      });
    });

    describe("against a backend that does not answer in time, or at all", () => {
      let silent: Listening;
      const held: http.ServerResponse[] = [];

      before(async () => {
        // Takes the request and never answers it.
        silent = await listen(http.createServer((_req, res) => held.push(res)), "127.0.0.1", 0);
      });

      after(async () => {
        await silent.close();
      });

      it("no answer within the timeout → GatewayFailure 504 Endpoint request timed out", async () => {
        const failure = await failureOf(integration({ uri: `http://127.0.0.1:${silent.port}/x`, timeoutMs: 50 }).invoke(call()));
        expect(failure.error).to.equal(GATEWAY_ERRORS.integrationTimeout);
        expect([failure.error.status, failure.error.body]).to.deep.equal([504, '{"message":"Endpoint request timed out"}']);
        expect(held, "the request reached the backend").to.have.length.greaterThan(0);
      });

      it("connection refused → GatewayFailure 500 Invalid endpoint address", async () => {
        const closed = await listen(http.createServer(), "127.0.0.1", 0);
        await closed.close();
        const failure = await failureOf(integration({ uri: `http://127.0.0.1:${closed.port}/x` }).invoke(call()));
        expect(failure.error).to.equal(GATEWAY_ERRORS.internalServerError);
        expect(failure.detail).to.match(/^Execution failed due to configuration error: Invalid endpoint address \(.*ECONNREFUSED/);
      });
    });
  });
});
