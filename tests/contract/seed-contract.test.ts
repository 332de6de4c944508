import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import {
  assertHttpRouteEcho,
  assertLambdaRouteEcho,
  sendSeedRequest,
  seedUrl,
  type PassthroughEvent,
  type SeedResponse,
} from "./seed-contract.ts";

/** What the passthrough template renders for the seed's request. */
function seedEvent(): PassthroughEvent {
  return {
    method: "POST",
    authcontext: "",
    "body-json": { keybody: "valuebody" },
    params: {
      path: { proxy: "path1/path2" },
      querystring: { query1: "querystring1", query2: "querystring2" },
      header: { header1: "value1", header2: "value2", "Content-Type": "application/json", Host: "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com" },
    },
  };
}

function lambdaResponse(event: unknown = seedEvent(), statusCode = 200): SeedResponse {
  return { statusCode, body: JSON.stringify({ statusCode: 200, body: JSON.stringify(event) }) };
}

/** httpbin's `/anything` echo of what API Gateway sent, with `overrides` applied. */
function httpResponse(overrides: Record<string, unknown> = {}, statusCode = 200): SeedResponse {
  const event = seedEvent();
  const echo = {
    args: { query1: "querystring1", query2: "querystring2" },
    data: JSON.stringify(event),
    files: {},
    form: {},
    headers: { Accept: "application/json", "Content-Type": "application/json", Host: "httpbin.org", "User-Agent": "AmazonAPIGateway_a1b2c3d4e5" },
    json: event,
    method: "POST",
    origin: "203.0.113.7",
    url: "https://httpbin.org/anything/path1/path2?query1=querystring1&query2=querystring2",
    ...overrides,
  };
  return { statusCode, body: JSON.stringify(echo) };
}

/** `fn` must throw a message of the form "<what>: expected X; got Y" containing `fragment`. */
function expectFailure(fn: () => unknown, fragment: string): void {
  expect(fn).to.throw(/^[^\n]+: expected .+; got .+/s).with.property("message").that.includes(fragment);
}

describe("seed contract", () => {
  describe("assertLambdaRouteEcho", () => {
    it("accepts the echo function's result for the seed's request and returns the event", () => {
      expect(assertLambdaRouteEcho(lambdaResponse())).to.deep.equal(seedEvent());
    });

    it("rejects a non-200 status, quoting the body", () => {
      expectFailure(() => assertLambdaRouteEcho({ statusCode: 502, body: '{"message":"Internal server error"}' }),
        'Lambda route: status: expected 200; got 502 (body: "{\\"message\\":\\"Internal server error\\"}")');
    });

    it("rejects a body that is not the function's { statusCode, body } result", () => {
      expectFailure(() => assertLambdaRouteEcho({ statusCode: 200, body: "<html>" }), 'Lambda route: body: expected JSON; got "<html>"');
      const proxyShaped = { statusCode: 200, body: JSON.stringify({ statusCode: 200, body: { method: "POST" } }) };
      expectFailure(() => assertLambdaRouteEcho(proxyShaped), "Lambda route: result.body: expected the event as a JSON string");
    });

    const broken: [string, (e: PassthroughEvent) => void, string][] = [
      ["method", (e) => (e.method = "GET"), 'event.method: expected "POST"; got "GET"'],
      ["authcontext", (e) => (e.authcontext = "x"), 'event.authcontext: expected ""; got "x"'],
      ["body-json", (e) => (e["body-json"] = {}), 'event["body-json"]: expected {"keybody":"valuebody"}; got {}'],
      ["proxy path", (e) => (e.params.path.proxy = "path1"), 'event.params.path.proxy: expected "path1/path2"; got "path1"'],
      ["query strings", (e) => (e.params.querystring = { query1: "querystring1" }), "event.params.querystring: expected"],
      ["header2", (e) => delete e.params.header.header2, 'event.params.header.header2: expected "value2"; got undefined'],
    ];
    for (const [what, breakIt, fragment] of broken) {
      it(`rejects an event with the wrong ${what}`, () => {
        const event = seedEvent();
        breakIt(event);
        expectFailure(() => assertLambdaRouteEcho(lambdaResponse(event)), fragment);
      });
    }
  });

  describe("assertHttpRouteEcho", () => {
    it("accepts httpbin's echo of the integration request", () => {
      expect(assertHttpRouteEcho(httpResponse()).json).to.deep.equal(seedEvent());
    });

    it("accepts the query strings in either order", () => {
      const url = "https://httpbin.org/anything/path1/path2?query2=querystring2&query1=querystring1";
      expect(() => assertHttpRouteEcho(httpResponse({ url }))).to.not.throw();
    });

    it("rejects an unmapped query string reaching the backend", () => {
      expectFailure(() => assertHttpRouteEcho(httpResponse({ args: { query1: "querystring1", query2: "querystring2", other: "x" } })),
        "HTTP route: echo.args (only mapped query strings reach the backend): expected");
    });

    it("rejects the client's header1 among the headers the backend received, in any letter case", () => {
      const headers = { Accept: "application/json", Header1: "value1" };
      expectFailure(() => assertHttpRouteEcho(httpResponse({ headers })),
        'HTTP route: echo.headers (client headers are not forwarded unless mapped): expected no header1; got {"Header1":"value1"}');
    });

    it("rejects the client's method instead of the integration's POST", () => {
      expectFailure(() => assertHttpRouteEcho(httpResponse({ method: "GET" })), 'HTTP route: echo.method: expected "POST"; got "GET"');
    });

    it("rejects a backend URL without the proxy path or with other query strings", () => {
      for (const url of ["https://httpbin.org/anything?query1=querystring1&query2=querystring2",
        "https://httpbin.org/anything/path1/path2?query1=querystring1"]) {
        expectFailure(() => assertHttpRouteEcho(httpResponse({ url })), `HTTP route: echo.url: expected a URL ending with /anything/path1/path2`);
      }
    });

    it("rejects a body that is not the rendered template", () => {
      expectFailure(() => assertHttpRouteEcho(httpResponse({ json: null })), "HTTP route: echo.json: expected a JSON object; got null");
    });

    it("rejects a non-200 status (httpbin down: 502 selected by the 5xx response)", () => {
      expectFailure(() => assertHttpRouteEcho(httpResponse({}, 502)), "HTTP route: status: expected 200; got 502");
    });
  });

  describe("sendSeedRequest", () => {
    it("sends exactly the seed's request, once, and returns error statuses instead of throwing", async () => {
      const received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
      const server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString()));
        req.on("end", () => {
          received.push({ method: req.method, url: req.url, headers: req.headers, body });
          res.writeHead(503).end("busy");
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const response = await sendSeedRequest(`http://127.0.0.1:${port}/dev/http`);
        expect(response).to.deep.equal({ statusCode: 503, body: "busy" });
        expect(received).to.have.length(1);
        expect(received[0]).to.deep.include({
          method: "POST", url: "/dev/http/path1/path2?query1=querystring1&query2=querystring2", body: '{"keybody":"valuebody"}',
        });
        expect(received[0].headers).to.include({ header1: "value1", header2: "value2", "content-type": "application/json" });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("appends the seed's path to a route URL with or without a trailing slash", () => {
      const expected = "https://a.example/dev/lambda/path1/path2?query1=querystring1&query2=querystring2";
      expect([seedUrl("https://a.example/dev/lambda"), seedUrl("https://a.example/dev/lambda/")]).to.deep.equal([expected, expected]);
    });
  });
});
