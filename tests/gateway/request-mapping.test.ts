import { expect } from "chai";
import { GATEWAY_ERRORS, GatewayFailure, type GatewayError } from "../../gateway/errors.ts";
import type { DeclaredIntegration } from "../../gateway/declared-api.ts";
import {
  headerValue, mapRequestParameters, parseTarget, readHeaders, selectRequestTransform, type ParameterSources, type RequestTransform,
} from "../../gateway/request-mapping.ts";
import { compileTemplate, type CompiledTemplate } from "../../gateway/vtl/compile.ts";
import type { MethodRequestData } from "../../gateway/vtl/types.ts";
import { failureOf } from "../support/gateway-failure.ts";

function expectGatewayError(run: () => unknown, error: GatewayError): void {
  const failure = failureOf(run);
  expect(failure.error, `expected ${error.status} ${error.message}; got ${failure.error.status} ${failure.error.message}`).to.equal(error);
}

describe("request mapping: the method request and the integration request", () => {
  describe("parseTarget", () => {
    it("splits the path into segments, stage first, and keeps them raw as well", () => {
      expect(parseTarget("/dev/lambda/path1/path2")).to.deep.equal({
        segments: ["dev", "lambda", "path1", "path2"], rawSegments: ["dev", "lambda", "path1", "path2"], query: {}, rawQuery: "",
      });
    });

    it("percent-decodes segments after splitting: an encoded slash stays inside its segment", () => {
      const target = parseTarget("/dev/a%20b/c%2Fd/%C3%A9");
      expect(target.segments).to.deep.equal(["dev", "a b", "c/d", "é"]);
      expect(target.rawSegments).to.deep.equal(["dev", "a%20b", "c%2Fd", "%C3%A9"]);
    });

    it("'+' in the path is a plus, not a space", () => {
      expect(parseTarget("/dev/a+b").segments).to.deep.equal(["dev", "a+b"]);
    });

    it("keeps a trailing slash as an empty last segment (the router ignores it)", () => {
      expect(parseTarget("/dev/items/").segments).to.deep.equal(["dev", "items", ""]);
    });

    it("resolves '.' and '..' segments before routing, in segments and raw segments alike", () => {
      expect(parseTarget("/dev/lambda/a/../b/./c").segments).to.deep.equal(["dev", "lambda", "b", "c"]);
      expect(parseTarget("/dev/lambda/a/../b/./c").rawSegments).to.deep.equal(["dev", "lambda", "b", "c"]);
      expect(parseTarget("/dev/lambda/a/..").segments).to.deep.equal(["dev", "lambda"]);
      expect(parseTarget("/../dev/x").segments, "'..' at the top stays at the top").to.deep.equal(["dev", "x"]);
    });

    it("resolves dot segments written partly percent-encoded (%2e, %2E)", () => {
      expect(parseTarget("/dev/lambda/a/.%2e/b").segments).to.deep.equal(["dev", "lambda", "b"]);
      expect(parseTarget("/dev/lambda/a/%2E./b").segments).to.deep.equal(["dev", "lambda", "b"]);
      expect(parseTarget("/dev/lambda/a/.%2e/b").rawSegments).to.deep.equal(["dev", "lambda", "b"]);
    });

    it("resolves dot segments written wholly percent-encoded, so a greedy parameter cannot climb out of a backend's base path", () => {
      expect(parseTarget("/dev/http/a/%2e%2e/%2E%2E/x/%2e/y").segments).to.deep.equal(["dev", "x", "y"]);
    });

    it("leaves dots that are not whole segments alone", () => {
      expect(parseTarget("/dev/files/a.txt/..b/c..").segments).to.deep.equal(["dev", "files", "a.txt", "..b", "c.."]);
    });

    it("bad percent-encoding in the path → GatewayFailure 400 Bad Request", () => {
      for (const url of ["/dev/a%zz", "/dev/a%", "/dev/%C3%28", "/dev/a%G0?x=1"]) {
        expectGatewayError(() => parseTarget(url), GATEWAY_ERRORS.badRequest);
      }
      expect(GATEWAY_ERRORS.badRequest.status).to.equal(400);
    });

    it("splits the query: form-decoded ('+' is a space, %2B a plus), repeated keys in order, rawQuery as sent", () => {
      const target = parseTarget("/dev/x?query1=a+b&query1=%2B&name%20x=%C3%A9&flag&empty=&eq=a=b");
      expect(target.query).to.deep.equal({ query1: ["a b", "+"], "name x": ["é"], flag: [""], empty: [""], eq: ["a=b"] });
      expect(target.rawQuery).to.equal("query1=a+b&query1=%2B&name%20x=%C3%A9&flag&empty=&eq=a=b");
    });

    it("a malformed escape in the query stays as sent, and empty pairs are skipped", () => {
      const target = parseTarget("/dev/x?a=%zz&&b=1&");
      expect(target.query).to.deep.equal({ a: ["%zz"], b: ["1"] });
    });

    it("query names are case-sensitive", () => {
      expect(parseTarget("/dev/x?Q=1&q=2").query).to.deep.equal({ Q: ["1"], q: ["2"] });
    });

    it("the query does not take part in path parsing", () => {
      const target = parseTarget("/dev/x?next=/a/../b%2F");
      expect(target.segments).to.deep.equal(["dev", "x"]);
      expect(target.query).to.deep.equal({ next: ["/a/../b/"] });
    });

    it("an empty query (a bare '?') has no values and an empty rawQuery", () => {
      expect(parseTarget("/dev/x?")).to.deep.include({ query: {}, rawQuery: "" });
    });
  });

  describe("readHeaders", () => {
    it("drops the headers API Gateway drops before mapping, in any case", () => {
      const dropped = [
        "Connection", "Content-Length", "Content-MD5", "Expect", "Max-Forwards", "Proxy-Authenticate", "Server", "TE",
        "Transfer-Encoding", "Trailer", "Upgrade", "WWW-Authenticate",
      ];
      const raw = dropped.flatMap((name, i) => [i % 2 === 0 ? name : name.toLowerCase(), "x"]);
      expect(readHeaders([...raw, "header1", "value1"])).to.deep.equal({ header1: ["value1"] });
    });

    it("keeps Host, Via, Date, Authorization and Content-Type", () => {
      const kept = ["Host", "Via", "Date", "Authorization", "Content-Type"];
      expect(Object.keys(readHeaders(kept.flatMap((name) => [name, "v"])))).to.deep.equal(kept);
    });

    it("keeps the client's casing, and a repeated header's values in order", () => {
      const headers = readHeaders(["X-Custom", "a", "header1", "b", "X-Custom", "c"]);
      expect(headers).to.deep.equal({ "X-Custom": ["a", "c"], header1: ["b"] });
    });

    it("names differing only in case stay apart, as sent", () => {
      expect(readHeaders(["X-Custom", "a", "x-custom", "b"])).to.deep.equal({ "X-Custom": ["a"], "x-custom": ["b"] });
    });
  });

  describe("headerValue", () => {
    const headers = { "Content-Type": ["text/plain"], "X-Forwarded-For": ["1.1.1.1", "2.2.2.2"], Accept: [] };

    it("finds a header whatever the case of the name asked for", () => {
      expect(headerValue(headers, "content-type")).to.equal("text/plain");
      expect(headerValue(headers, "CONTENT-TYPE")).to.equal("text/plain");
    });

    it("gives the last value of a repeated header", () => {
      expect(headerValue(headers, "x-forwarded-for")).to.equal("2.2.2.2");
    });

    it("is undefined for a missing header, one of the same length included, and for one without values", () => {
      expect(headerValue(headers, "Authorization")).to.equal(undefined);
      expect(headerValue(headers, "Content-Typf")).to.equal(undefined);
      expect(headerValue(headers, "accept")).to.equal(undefined);
    });
  });

  describe("selectRequestTransform", () => {
    const json = compileTemplate('{"kind": "json"}');
    const xml = compileTemplate("<kind>xml</kind>");

    function integration(passthroughBehavior: string, templates: Record<string, CompiledTemplate>): DeclaredIntegration {
      return {
        type: "AWS", uri: "", integrationHttpMethod: "POST", passthroughBehavior, requestTemplates: new Map(Object.entries(templates)),
        requestParameters: [], timeoutMs: 29000, responses: [],
      };
    }

    function outcome(transform: RequestTransform): string {
      if ("passthrough" in transform) return "passthrough";
      return transform.template === json ? "json template" : transform.template === xml ? "xml template" : "another template";
    }

    /** What each behaviour does with `contentType`: the transform, or the status of the failure. */
    function outcomes(templates: Record<string, CompiledTemplate>, contentType: string | undefined): string[] {
      return ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"].map((behavior) => {
        try {
          return outcome(selectRequestTransform(integration(behavior, templates), contentType));
        } catch (err) {
          if (err instanceof GatewayFailure) return String(err.error.status);
          throw err;
        }
      });
    }

    it("chooses the template of the Content-Type's media type, ignoring its parameters and case", () => {
      const both = integration("NEVER", { "application/json": json, "application/xml": xml });
      expect(outcome(selectRequestTransform(both, "application/xml"))).to.equal("xml template");
      expect(outcome(selectRequestTransform(both, "Application/XML; charset=UTF-8"))).to.equal("xml template");
      expect(outcome(selectRequestTransform(both, " application/json ;charset=utf-8"))).to.equal("json template");
    });

    it("no Content-Type (or an empty media type) selects the application/json template", () => {
      const both = integration("NEVER", { "application/json": json, "application/xml": xml });
      expect(outcome(selectRequestTransform(both, undefined))).to.equal("json template");
      expect(outcome(selectRequestTransform(both, ""))).to.equal("json template");
      expect(outcome(selectRequestTransform(both, "; charset=utf-8"))).to.equal("json template");
    });

    it("a matching template is used under every passthroughBehavior", () => {
      expect(outcomes({ "application/json": json }, undefined)).to.deep.equal(["json template", "json template", "json template"]);
      expect(outcomes({ "application/json": json }, "application/json")).to.deep.equal(["json template", "json template", "json template"]);
    });

    it('"WHEN_NO_MATCH" passes an unmatched type through; "WHEN_NO_TEMPLATES" and "NEVER" answer 415 when templates exist', () => {
      expect(outcomes({ "application/json": json }, "application/xml")).to.deep.equal(["passthrough", "415", "415"]);
      expect(outcomes({ "application/xml": xml }, undefined)).to.deep.equal(["passthrough", "415", "415"]);
    });

    it('with no templates, "WHEN_NO_MATCH" and "WHEN_NO_TEMPLATES" pass through; "NEVER" answers 415', () => {
      expect(outcomes({}, "application/json")).to.deep.equal(["passthrough", "passthrough", "415"]);
      expect(outcomes({}, undefined)).to.deep.equal(["passthrough", "passthrough", "415"]);
    });

    it("the 415 is Unsupported Media Type, with a detail naming the media type and the behaviour", () => {
      const failure = failureOf(() => selectRequestTransform(integration("NEVER", { "application/json": json }), "Text/Plain; charset=x"));
      expect(failure.error).to.equal(GATEWAY_ERRORS.unsupportedMediaType);
      expect(failure.error.body).to.equal('{"message":"Unsupported Media Type"}');
      expect(failure.detail).to.equal("no request template for text/plain and passthroughBehavior is NEVER");
    });
  });

  describe("mapRequestParameters", () => {
    const request: MethodRequestData = {
      body: '{"a": 1}',
      pathParameters: { proxy: "path1/path2" },
      query: { query1: ["first", "last"], empty: [""] },
      headers: { header1: ["value1"], Multi: ["m1", "m2"], Blank: [""] },
    };
    const sources: ParameterSources = {
      request,
      context: { requestId: "req-1", identity: { sourceIp: "203.0.113.7", user: null }, requestTimeEpoch: 1428582896000 },
      stageVariables: { backend: "blue", none: "" },
    };
    const map = (mappings: [string, string][], override?: Parameters<typeof mapRequestParameters>[2]) =>
      mapRequestParameters(mappings, sources, override);

    it("maps path, querystring and header targets from method.request.path/querystring/header (last value)", () => {
      expect(map([
        ["integration.request.path.proxy", "method.request.path.proxy"],
        ["integration.request.querystring.q", "method.request.querystring.query1"],
        ["integration.request.header.X-Header1", "method.request.header.header1"],
      ])).to.deep.equal({ path: { proxy: "path1/path2" }, querystring: { q: "last" }, header: { "X-Header1": "value1" } });
    });

    it("method.request.multivaluequerystring and multivalueheader give every value, comma-joined", () => {
      expect(map([
        ["integration.request.querystring.all", "method.request.multivaluequerystring.query1"],
        ["integration.request.header.X-All", "method.request.multivalueheader.Multi"],
        ["integration.request.header.X-Last", "method.request.header.Multi"],
      ])).to.deep.equal({ path: {}, querystring: { all: "first,last" }, header: { "X-All": "m1,m2", "X-Last": "m2" } });
    });

    it("method.request.header names are matched as the client wrote them", () => {
      expect(map([["integration.request.header.X", "method.request.header.Header1"]]).header).to.deep.equal({});
    });

    it("method.request.body is the raw body", () => {
      expect(map([["integration.request.header.X-Body", "method.request.body"]]).header).to.deep.equal({ "X-Body": '{"a": 1}' });
    });

    it("a 'static' value is used without its quotes", () => {
      expect(map([["integration.request.header.X-Static", "'fixed value'"], ["integration.request.querystring.s", "'it''s'"]]))
        .to.deep.equal({ path: {}, querystring: { s: "it''s" }, header: { "X-Static": "fixed value" } });
    });

    it("stageVariables.x is the stage variable's value", () => {
      expect(map([["integration.request.path.env", "stageVariables.backend"]]).path).to.deep.equal({ env: "blue" });
    });

    it("context.a.b follows the dotted path into $context; numbers become text", () => {
      expect(map([
        ["integration.request.header.X-Request-Id", "context.requestId"],
        ["integration.request.header.X-Source-Ip", "context.identity.sourceIp"],
        ["integration.request.header.X-Epoch", "context.requestTimeEpoch"],
      ]).header).to.deep.equal({ "X-Request-Id": "req-1", "X-Source-Ip": "203.0.113.7", "X-Epoch": "1428582896000" });
    });

    it("a source with no value or an empty one sets nothing", () => {
      expect(map([
        ["integration.request.path.missing", "method.request.path.nope"],
        ["integration.request.querystring.missing", "method.request.querystring.nope"],
        ["integration.request.querystring.empty", "method.request.querystring.empty"],
        ["integration.request.querystring.multi", "method.request.multivaluequerystring.nope"],
        ["integration.request.header.Blank", "method.request.header.Blank"],
        ["integration.request.header.Multi", "method.request.multivalueheader.nope"],
        ["integration.request.header.Static", "''"],
        ["integration.request.header.Stage", "stageVariables.undefinedVariable"],
        ["integration.request.header.StageEmpty", "stageVariables.none"],
        ["integration.request.header.Null", "context.identity.user"],
        ["integration.request.header.Deep", "context.identity.sourceIp.more"],
        ["integration.request.header.Unknown", "method.request.cookie.x"],
      ])).to.deep.equal({ path: {}, querystring: {}, header: {} });
    });

    it("targets other than integration.request.path/querystring/header are ignored", () => {
      expect(map([["integration.request.body.x", "'v'"], ["method.request.header.X", "'v'"], ["integration.response.header.X", "'v'"]]))
        .to.deep.equal({ path: {}, querystring: {}, header: {} });
    });

    it("$context.requestOverride values win over the mappings, and add to them", () => {
      const mapped = map([
        ["integration.request.header.X-Shared", "'mapped'"],
        ["integration.request.header.X-Mapped", "'kept'"],
        ["integration.request.querystring.q", "method.request.querystring.query1"],
        ["integration.request.path.proxy", "method.request.path.proxy"],
      ], { header: { "X-Shared": "override", "X-New": "added" }, querystring: { q: "overridden" }, path: { proxy: "elsewhere" } });
      expect(mapped).to.deep.equal({
        path: { proxy: "elsewhere" }, querystring: { q: "overridden" }, header: { "X-Shared": "override", "X-Mapped": "kept", "X-New": "added" },
      });
    });

    it("a request override may set what a mapping left unset because its source was empty", () => {
      expect(map([["integration.request.header.X", "method.request.header.Blank"]], { header: { X: "from override" }, querystring: {}, path: {} }).header)
        .to.deep.equal({ X: "from override" });
    });
  });
});
