import { expect } from "chai";
import { GATEWAY_ERRORS } from "../../gateway/errors.ts";
import type { DeclaredIntegration, DeclaredIntegrationResponse, DeclaredMethod } from "../../gateway/declared-api.ts";
import { mapResponse, selectIntegrationResponse, type MappedResponse } from "../../gateway/response-mapping.ts";
import type { IntegrationResult } from "../../gateway/types.ts";
import { compileTemplate } from "../../gateway/vtl/compile.ts";
import { buildTemplateContext } from "../../gateway/vtl/context.ts";
import type { MethodRequestData, TemplateContext } from "../../gateway/vtl/types.ts";
import { seedFacts } from "./vtl/fixtures.ts";
import { failureOf } from "../support/gateway-failure.ts";

interface ResponseSpec {
  readonly pattern?: string;
  readonly templates?: Record<string, string>;
  readonly parameters?: Record<string, string>;
}

/** An integration response as readDeclaredApi makes it: the pattern anchored to match the whole value. */
function response(statusCode: string, spec: ResponseSpec = {}): DeclaredIntegrationResponse {
  return {
    statusCode,
    selectionPattern: spec.pattern === undefined ? undefined : new RegExp(`^(?:${spec.pattern})$`),
    responseTemplates: new Map(Object.entries(spec.templates ?? {}).map(([type, source]) => [type, compileTemplate(source)])),
    responseParameters: Object.entries(spec.parameters ?? {}),
  };
}

function integration(...responses: DeclaredIntegrationResponse[]): DeclaredIntegration {
  return {
    type: "HTTP", uri: "http://backend.example/{proxy}", integrationHttpMethod: "POST", passthroughBehavior: "WHEN_NO_TEMPLATES",
    requestTemplates: new Map(), requestParameters: [], timeoutMs: 29000, responses,
  };
}

function method(...statusCodes: string[]): DeclaredMethod {
  return {
    httpMethod: "ANY", resourcePath: "/http/{proxy+}", resourceId: "r1", requestParameters: {}, methodResponses: new Set(statusCodes),
  };
}

function result(parts: Partial<IntegrationResult> = {}): IntegrationResult {
  return { status: 200, headers: {}, body: '{"message":"hello","nested":{"n":3,"list":[1,2]}}', selectionValue: "200", ...parts };
}

const methodRequest: MethodRequestData = {
  body: '{"sent":"by the client"}',
  pathParameters: { proxy: "path1/path2" },
  query: { query1: ["querystring1"] },
  headers: { header1: ["value1"], Accept: ["application/json"] },
};

const context = (): TemplateContext => buildTemplateContext(seedFacts);
const stageVariables = { colour: "blue" };

/** Maps `result` through a method with a method response for every status the integration responses use. */
function mapped(integrationModel: DeclaredIntegration, integrationResult: IntegrationResult = result(), accept?: string): MappedResponse {
  const statuses = integrationModel.responses.map((r) => r.statusCode);
  return mapResponse(method(...statuses), integrationModel, integrationResult, accept, context, stageVariables, methodRequest);
}

describe("response mapping: integration response → method response", () => {
  describe("selectIntegrationResponse", () => {
    const http = integration(response("200"), response("400", { pattern: "4\\d{2}" }), response("502", { pattern: "5\\d{2}" }));

    it("picks the response whose pattern matches the selection value, else the default", () => {
      expect(selectIntegrationResponse(http, "404").statusCode).to.equal("400");
      expect(selectIntegrationResponse(http, "503").statusCode).to.equal("502");
      expect(selectIntegrationResponse(http, "200").statusCode).to.equal("200");
      expect(selectIntegrationResponse(http, "302").statusCode).to.equal("200");
    });

    it("the first matching pattern in declaration order wins", () => {
      const overlapping = integration(response("200"), response("418", { pattern: "4.*" }), response("400", { pattern: "4\\d{2}" }));
      expect(selectIntegrationResponse(overlapping, "404").statusCode).to.equal("418");
    });

    it("the default response is found wherever it is declared; the first default counts", () => {
      const defaultLast = integration(response("400", { pattern: "4\\d{2}" }), response("201"), response("202"));
      expect(selectIntegrationResponse(defaultLast, "200").statusCode).to.equal("201");
    });

    it("a Lambda success (empty errorMessage) is not matched by (\\n|.)+; a multi-line errorMessage is", () => {
      const lambda = integration(response("200"), response("502", { pattern: "(\\n|.)+" }));
      expect(selectIntegrationResponse(lambda, "").statusCode).to.equal("200");
      expect(selectIntegrationResponse(lambda, "boom\nat line 2").statusCode).to.equal("502");
    });

    it("a pattern that matches the empty string takes Lambda successes too", () => {
      const lambda = integration(response("500", { pattern: ".*" }), response("200"));
      expect(selectIntegrationResponse(lambda, "").statusCode).to.equal("500");
    });

    it("no match and no default → GatewayFailure 500 with AWS's configuration-error message", () => {
      const failure = failureOf(() => selectIntegrationResponse(integration(response("400", { pattern: "4\\d{2}" })), "200"));
      expect(failure.error).to.equal(GATEWAY_ERRORS.internalServerError);
      expect(failure.error.body).to.equal('{"message":"Internal server error"}');
      expect(failure.detail).to.equal("Execution failed due to configuration error: No match for output mapping and no default output mapping configured");
    });

    it("no integration response at all → the same 500", () => {
      expect(failureOf(() => selectIntegrationResponse(integration(), "")).error).to.equal(GATEWAY_ERRORS.internalServerError);
    });
  });

  describe("mapResponse", () => {
    it("answers with the selected response's status, not the backend's, and passes the body through without templates", () => {
      const http = integration(response("200"), response("400", { pattern: "4\\d{2}" }));
      const out = mapped(http, result({ status: 404, selectionValue: "404", body: "not here", headers: { "x-backend": "b" } }));
      expect(out).to.deep.equal({ status: 400, headers: {}, body: "not here" });
    });

    it("a selected status with no method response → GatewayFailure 500 naming the status", () => {
      const http = integration(response("200"), response("400", { pattern: "4\\d{2}" }));
      const failure = failureOf(() => mapResponse(method("200"), http, result({ selectionValue: "404" }), undefined, context, stageVariables, methodRequest));
      expect(failure.error).to.equal(GATEWAY_ERRORS.internalServerError);
      expect(failure.detail).to.equal("Execution failed due to configuration error: no method response for status 400");
    });

    describe("response templates", () => {
      const templated = integration(response("200", {
        templates: { "application/json": '{"json": $input.json(\'$.message\')}', "text/plain": "plain $input.path('$.message')", "application/xml": "<xml/>" },
      }));

      it("the first Accept media type chooses the template, parameters and case ignored", () => {
        expect(mapped(templated, result(), "text/plain;q=0.5, application/json").body).to.equal("plain hello");
        expect(mapped(templated, result(), "Application/XML").body).to.equal("<xml/>");
      });

      it("only the first Accept media type counts: a later one that has a template does not", () => {
        expect(mapped(templated, result(), "image/png, text/plain").body).to.equal('{"json": "hello"}');
      });

      it("no Accept, or one with no template, uses the application/json template", () => {
        expect(mapped(templated, result(), undefined).body).to.equal('{"json": "hello"}');
        expect(mapped(templated, result(), "*/*").body).to.equal('{"json": "hello"}');
      });

      it("without an application/json template, an unmatched Accept uses the first template", () => {
        const noJson = integration(response("200", { templates: { "text/plain": "first", "application/xml": "second" } }));
        expect(mapped(noJson, result(), "image/png").body).to.equal("first");
        expect(mapped(noJson, result(), undefined).body).to.equal("first");
      });

      it("an empty template passes the integration body through", () => {
        const empty = integration(response("200", { templates: { "application/json": "", "text/plain": "" } }));
        expect(mapped(empty, result({ body: "raw body" }), undefined).body).to.equal("raw body");
        expect(mapped(empty, result({ body: "raw body" }), "text/plain").body).to.equal("raw body");
      });

      it("$input reads the integration response body; $input.params() still reads the method request", () => {
        const both = integration(response("200", {
          templates: { "application/json": "$input.json('$.nested.n') $input.params('query1') $input.params().path.proxy $input.params('header1') $input.body" },
        }));
        expect(mapped(both, result({ body: '{"nested":{"n":3}}' })).body).to.equal('3 querystring1 path1/path2 value1 {"nested":{"n":3}}');
      });

      it("$context and $stageVariables are available to a response template", () => {
        const vars = integration(response("200", { templates: { "application/json": "$context.requestId $context.stage $stageVariables.colour" } }));
        expect(mapped(vars).body).to.equal(`${seedFacts.requestId} dev blue`);
      });
    });

    describe("responseParameters", () => {
      function headersOf(parameters: Record<string, string>, integrationResult: IntegrationResult = result()): Record<string, string> {
        return mapped(integration(response("200", { parameters })), integrationResult).headers;
      }

      it("integration.response.header.NAME and multivalueheader.NAME read the backend's headers, names in any case", () => {
        const backend = result({ headers: { "x-backend": "from backend", "set-cookie": ["a=1", "b=2"] } });
        expect(headersOf({
          "method.response.header.X-Copied": "integration.response.header.X-Backend",
          "method.response.header.X-Cookies": "integration.response.multivalueheader.Set-Cookie",
          "method.response.header.X-Last-Cookie": "integration.response.header.Set-Cookie",
          "method.response.header.X-Missing": "integration.response.header.X-Nothing",
        }, backend)).to.deep.equal({ "X-Copied": "from backend", "X-Cookies": "a=1,b=2", "X-Last-Cookie": "b=2" });
      });

      it("integration.response.body is the whole body; body.path reads into the JSON body", () => {
        expect(headersOf({
          "method.response.header.X-Body": "integration.response.body",
          "method.response.header.X-Message": "integration.response.body.message",
          "method.response.header.X-Number": "integration.response.body.nested.n",
          "method.response.header.X-Object": "integration.response.body.nested",
          "method.response.header.X-Missing": "integration.response.body.nested.none",
        }, result({ body: '{"message":"hello","nested":{"n":3,"list":[1,2]}}' }))).to.deep.equal({
          "X-Body": '{"message":"hello","nested":{"n":3,"list":[1,2]}}',
          "X-Message": "hello",
          "X-Number": "3",
          "X-Object": '{"n":3,"list":[1,2]}',
        });
      });

      it("a body path into a body that is not JSON sets nothing", () => {
        expect(headersOf({ "method.response.header.X-Message": "integration.response.body.message" }, result({ body: "plain text" }))).to.deep.equal({});
      });

      it("'static' values and stageVariables.NAME", () => {
        expect(headersOf({
          "method.response.header.Access-Control-Allow-Origin": "'*'",
          "method.response.header.X-Colour": "stageVariables.colour",
          "method.response.header.X-Unset": "stageVariables.unset",
        })).to.deep.equal({ "Access-Control-Allow-Origin": "*", "X-Colour": "blue" });
      });

      it("context.NAME reads the request's $context", () => {
        expect(headersOf({ "method.response.header.X-Stage": "context.stage", "method.response.header.X-Ip": "context.identity.sourceIp" }))
          .to.deep.equal({ "X-Stage": "dev", "X-Ip": "203.0.113.7" });
      });

      it("targets other than method.response.header.NAME are ignored", () => {
        expect(headersOf({ "method.response.body": "'x'", "integration.response.header.X": "'x'" })).to.deep.equal({});
      });

      it("reserved names are renamed x-amzn-Remapped-<name>, in any case; others keep the name as declared", () => {
        const reserved = [
          "Authorization", "Connection", "Content-Length", "Content-MD5", "Date", "Expect", "Host", "Max-Forwards",
          "Proxy-Authenticate", "Server", "Trailer", "Upgrade", "User-Agent", "WWW-Authenticate",
        ];
        const parameters = Object.fromEntries(reserved.map((name) => [`method.response.header.${name}`, "'v'"]));
        expect(Object.keys(headersOf(parameters)).sort()).to.deep.equal(reserved.map((name) => `x-amzn-Remapped-${name}`).sort());
        expect(headersOf({ "method.response.header.server": "'v'", "method.response.header.Content-Type": "'text/plain'", "method.response.header.Via": "'v'" }))
          .to.deep.equal({ "x-amzn-Remapped-server": "v", "Content-Type": "text/plain", Via: "v" });
      });
    });

    describe("$context.responseOverride", () => {
      it("status and header overrides win over the integration response's status and its parameters", () => {
        const overriding = integration(response("200", {
          parameters: { "method.response.header.X-Shared": "'parameter'", "method.response.header.X-Kept": "'kept'" },
          templates: {
            "application/json": "#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-Shared = \"override\")#set($context.responseOverride.header.X-New = \"new\")body",
          },
        }));
        expect(mapped(overriding)).to.deep.equal({ status: 418, headers: { "X-Shared": "override", "X-Kept": "kept", "X-New": "new" }, body: "body" });
      });

      it("a status override chosen from the integration response body, as in AWS's example", () => {
        const source = "#set($inputRoot = $input.path('$'))$input.json(\"$\")#if($inputRoot.toString().contains(\"customerror\"))#set($context.responseOverride.status = 400)#else#set($context.responseOverride.status = 202)#end";
        const chooser = integration(response("200", { templates: { "application/json": source } }));
        expect(mapped(chooser, result({ body: '{"e":"customerror"}' })).status).to.equal(400);
        expect(mapped(chooser, result({ body: '{"e":"fine"}' })).status).to.equal(202);
      });

      it("a status override outside 100-599 is ignored", () => {
        const odd = integration(response("201", { templates: { "application/json": "#set($context.responseOverride.status = 700)x" } }));
        expect(mapped(odd).status).to.equal(201);
      });
    });

    describe("headers HTTP cannot carry", () => {
      it("a mapped header value with a line break → GatewayFailure 500", () => {
        const broken = integration(response("200", { parameters: { "method.response.header.X-Broken": "integration.response.header.x-multi" } }));
        const failure = failureOf(() => mapped(broken, result({ headers: { "x-multi": "line\nbreak" } })));
        expect(failure.error).to.equal(GATEWAY_ERRORS.internalServerError);
        expect(failure.detail).to.match(/^answer not sendable: /);
      });

      it("an override header value with a line break → GatewayFailure 500", () => {
        const broken = integration(response("200", { templates: { "application/json": "#set($context.responseOverride.header.X-Broken = \"line\nbreak\")" } }));
        expect(failureOf(() => mapped(broken)).error).to.equal(GATEWAY_ERRORS.internalServerError);
      });

      it("a header name HTTP does not allow → GatewayFailure 500", () => {
        const broken = integration(response("200", { parameters: { "method.response.header.Bad Name": "'v'" } }));
        expect(failureOf(() => mapped(broken)).error).to.equal(GATEWAY_ERRORS.internalServerError);
      });
    });
  });
});
