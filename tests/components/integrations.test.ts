import { expect } from "chai";
import { httpIntegration } from "../../components/http-integration.ts";
import { renderRouteDefinition } from "../../components/integration-spec.ts";
import { LAMBDA_ERROR_PATTERN, lambdaIntegration } from "../../components/lambda-integration.ts";
import { lambdaErrorTemplate, passthroughTemplate } from "../../templates/index.ts";

/** Full-match semantics, as API Gateway applies a selection pattern. */
function selects(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

describe("integration variants", () => {
  describe("lambdaIntegration", () => {
    const spec = lambdaIntegration({ invokeArn: "arn:fn", requestTemplate: passthroughTemplate, errorTemplate: lambdaErrorTemplate });

    it("is a custom (type AWS) integration that POSTs to the invoke ARN", () => {
      expect(spec).to.include({ type: "AWS", integrationHttpMethod: "POST", uri: "arn:fn" });
    });

    it('passes bodies through only "when there are no templates defined", as the console step sets', () => {
      expect(spec.passthroughBehavior).to.equal("WHEN_NO_TEMPLATES");
      expect(spec.requestTemplates).to.deep.equal({ "application/json": passthroughTemplate });
    });

    it("selects the error response for any thrown error and the 200 response on success", () => {
      const error = spec.responses.find((r) => r.selectionPattern === LAMBDA_ERROR_PATTERN);
      expect(error?.statusCode).to.equal("502");
      expect(error?.responseTemplates).to.deep.equal({ "application/json": lambdaErrorTemplate });
      expect(selects(LAMBDA_ERROR_PATTERN, "boom")).to.equal(true);
      expect(selects(LAMBDA_ERROR_PATTERN, "line one\nline two")).to.equal(true);
      expect(selects(LAMBDA_ERROR_PATTERN, "")).to.equal(false);
      expect(spec.responses.filter((r) => r.selectionPattern === undefined)).to.deep.equal([{ statusCode: "200" }]);
    });
  });

  describe("httpIntegration", () => {
    const spec = httpIntegration({
      endpoint: "https://echo.example/anything", requestTemplate: passthroughTemplate,
      queryStrings: ["query1", "query2"], timeoutMilliseconds: 5000,
    });

    it("is a custom (type HTTP) integration whose URI appends the {proxy} path", () => {
      expect(spec).to.include({ type: "HTTP", uri: "https://echo.example/anything/{proxy}", timeoutMilliseconds: 5000 });
    });

    it("POSTs so the rendered template reaches the backend as the body", () => {
      expect(spec.integrationHttpMethod).to.equal("POST");
      expect(spec.requestTemplates).to.deep.equal({ "application/json": passthroughTemplate });
    });

    it("declares each query string on the method request and maps it onto the backend request", () => {
      expect(spec.methodRequestParameters).to.deep.equal({
        "method.request.path.proxy": true,
        "method.request.querystring.query1": false,
        "method.request.querystring.query2": false,
      });
      expect(spec.requestParameters).to.deep.equal({
        "integration.request.path.proxy": "method.request.path.proxy",
        "integration.request.querystring.query1": "method.request.querystring.query1",
        "integration.request.querystring.query2": "method.request.querystring.query2",
      });
    });

    it("selects 400 for a backend 4xx, 502 for a 5xx, and 200 otherwise", () => {
      const statusFor = (backendStatus: string) =>
        spec.responses.find((r) => r.selectionPattern && selects(r.selectionPattern, backendStatus))?.statusCode ?? "200";
      expect(["200", "201", "404", "429", "500", "503"].map(statusFor)).to.deep.equal(["200", "200", "400", "400", "502", "502"]);
    });

    it("defaults to API Gateway's 29 s timeout", () => {
      const plain = httpIntegration({ endpoint: "https://e.example", requestTemplate: "{}", queryStrings: [] });
      expect(plain.timeoutMilliseconds).to.equal(29000);
    });
  });

  describe("renderRouteDefinition", () => {
    it("puts the route on a greedy proxy resource under its base path, open to ANY method", () => {
      const route = renderRouteDefinition("lambda", lambdaIntegration({ invokeArn: "arn", requestTemplate: "{}", errorTemplate: "{}" }));
      expect(route.pathParts).to.deep.equal(["lambda", "{proxy+}"]);
      expect(route.methods).to.have.length(1);
      expect(route.methods[0]).to.include({ httpMethod: "ANY", authorization: "NONE" });
      expect(route.methods[0].requestParameters).to.deep.equal({ "method.request.path.proxy": true });
    });

    it("rejects a route without exactly one default response", () => {
      const spec = httpIntegration({ endpoint: "https://e.example", requestTemplate: "{}", queryStrings: [] });
      spec.responses.push({ statusCode: "201" });
      expect(() => renderRouteDefinition("http", spec)).to.throw(/route "http" ANY: expected exactly one default integration response; got 2/);
    });
  });
});
