import { expect } from "chai";
import {
  allowOriginsProblem, CORS_METHODS, corsGatewayResponses, DEFAULT_CORS_HEADERS, PREFLIGHT_STATUS,
} from "../../components/cors.ts";
import { renderRouteDefinition } from "../../components/integration-spec.ts";
import { lambdaIntegration } from "../../components/lambda-integration.ts";

const lambda = () => lambdaIntegration({ invokeArn: "arn", requestTemplate: "{}", errorTemplate: "{\"error\": true}" });

describe("CORS", () => {
  describe("with one origin", () => {
    const route = renderRouteDefinition("lambda", lambda(), { cors: { allowOrigins: ["https://app.example"] } });
    const [main, preflight] = route.methods;

    it("adds an OPTIONS preflight beside ANY: a MOCK answering 204 with the allowed origin, methods and headers, no body", () => {
      expect(route.methods.map((m) => m.httpMethod)).to.deep.equal(["ANY", "OPTIONS"]);
      expect(preflight.integration).to.include({ type: "MOCK", passthroughBehavior: "WHEN_NO_MATCH" });
      expect(preflight.integration.requestTemplates).to.deep.equal({ "application/json": `{"statusCode": ${PREFLIGHT_STATUS}}` });
      expect(preflight.responses).to.deep.equal([{
        statusCode: "204",
        responseParameters: {
          "method.response.header.Access-Control-Allow-Origin": "'https://app.example'",
          "method.response.header.Vary": "'Origin'",
          "method.response.header.Access-Control-Allow-Methods": `'${CORS_METHODS}'`,
          "method.response.header.Access-Control-Allow-Headers": `'${DEFAULT_CORS_HEADERS.join(",")}'`,
        },
      }]);
    });

    it("keeps the preflight open even when the route has an authorizer (browsers send no credentials with it)", () => {
      const authorizer = { id: "a1", type: "TOKEN" as const, authorizerUri: "u", identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 0 };
      const protectedRoute = renderRouteDefinition("lambda", lambda(), { cors: { allowOrigins: ["*"] }, authorizer });
      expect(protectedRoute.methods.map((m) => m.authorization)).to.deep.equal(["CUSTOM", "NONE"]);
    });

    it("puts Access-Control-Allow-Origin on every response of the route, the error response included, keeping its template", () => {
      for (const response of main.responses) {
        expect(response.responseParameters, response.statusCode).to.include({ "method.response.header.Access-Control-Allow-Origin": "'https://app.example'" });
      }
      expect(main.responses.find((r) => r.statusCode === "502")?.responseTemplates).to.deep.equal({ "application/json": "{\"error\": true}" });
      expect(main.responses.find((r) => r.statusCode === "200")).to.not.have.property("responseTemplates");
    });

    it("gives DEFAULT_4XX and DEFAULT_5XX gateway responses the origin, so a browser can read the gateway's own errors", () => {
      expect(corsGatewayResponses({ allowOrigins: ["https://app.example"] })).to.deep.equal(["DEFAULT_4XX", "DEFAULT_5XX"].map((responseType) => ({
        responseType,
        responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'https://app.example'", "gatewayresponse.header.Vary": "'Origin'" },
      })));
    });
  });

  it('answers "*" without Vary', () => {
    const [, preflight] = renderRouteDefinition("lambda", lambda(), { cors: { allowOrigins: ["*"] } }).methods;
    expect(preflight.responses[0].responseParameters).to.not.have.property("method.response.header.Vary");
  });

  it("with several origins, answers the request's Origin when it is one of them, through a response template", () => {
    const [main, preflight] = renderRouteDefinition("lambda", lambda(), { cors: { allowOrigins: ["https://a.example", "https://b.example"] } }).methods;
    const preflightTemplate = preflight.responses[0].responseTemplates?.["application/json"] ?? "";
    expect(preflightTemplate).to.include('#set($corsOrigins = ["https://a.example", "https://b.example"])#if($corsOrigins.contains($corsOrigin))');
    expect(preflightTemplate).to.include("#set($context.responseOverride.header.Access-Control-Allow-Origin = $corsOrigin)");
    expect(main.responses.find((r) => r.statusCode === "200")?.responseTemplates?.["application/json"]).to.match(/#end\$input\.body$/);
  });

  const problems: [string[], RegExp][] = [
    [["*", "https://a.example"], /must be \["\*"\] alone/],
    [["https://a.example/path"], /no path/],
    [["ftp://a.example"], /scheme, host, optional port/],
    [["https://a.example", "https://a.example"], /must not repeat an origin/],
  ];
  for (const [origins, message] of problems) {
    it(`refuses ${JSON.stringify(origins)}`, () => {
      expect(allowOriginsProblem(origins)).to.match(message);
    });
  }

  it("accepts origins with a port, and localhost", () => {
    expect(allowOriginsProblem(["http://localhost:5173", "https://app.example"])).to.equal(undefined);
  });
});
