import { expect } from "chai";
import { executionSteps } from "../../gateway/execution-steps.ts";
import type { DeclaredMethod } from "../../gateway/declared-api.ts";
import type { ExecutionRecord } from "../../gateway/types.ts";
import { compileTemplate } from "../../gateway/vtl/compile.ts";

const route: DeclaredMethod = {
  httpMethod: "ANY", resourcePath: "/lambda/{proxy+}", resourceId: "r1", requestParameters: {}, methodResponses: new Set(["200", "502"]),
  integration: {
    type: "AWS", uri: "arn", integrationHttpMethod: "POST", passthroughBehavior: "WHEN_NO_TEMPLATES",
    requestTemplates: new Map([["application/json", compileTemplate("{\"m\":\"$context.httpMethod\"}")]]),
    requestParameters: [], timeoutMs: 29000,
    responses: [
      { statusCode: "200", responseTemplates: new Map(), responseParameters: [] },
      { statusCode: "502", selectionPattern: /^(?:(\n|.)+)$/, responseTemplates: new Map([["application/json", compileTemplate("{\"message\":\"Internal server error\"}")]]), responseParameters: [] },
    ],
  },
};

const endpointRequest = { method: "POST", url: "https://lambda.example/invocations", headers: {}, body: "{\"m\":\"POST\"}" };

const methodRequest = { body: "{}", pathParameters: { proxy: "a" }, query: {}, headers: { "Content-Type": ["application/json"] } };

function record(overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    requestId: "id-1", method: "POST", path: "/dev/lambda/a", resourcePath: route.resourcePath, route, requestTime: new Date(0),
    request: { method: "POST", url: "/dev/lambda/a", rawHeaders: ["Content-Type", "application/json"], body: Buffer.from("{}"), sourceIp: "127.0.0.1", localPort: 3000 },
    methodRequest,
    integrationCall: {
      requestId: "id-1", traceId: "t", clientMethod: "POST", body: endpointRequest.body, rendered: true, parameters: { path: {}, querystring: {}, header: {} },
      proxy: { resourcePath: route.resourcePath, rawPath: "/lambda/a", rawQuery: "", rawPathParameters: { proxy: "a" }, methodRequest, context: {}, stageVariables: {} },
    },
    endpointRequest,
    integrationResult: { endpointRequest, status: 200, headers: {}, body: "{\"errorMessage\":\"boom\"}", selectionValue: "boom" },
    response: { status: 502, headers: { "Content-Type": "application/json" }, body: "{\"message\":\"Internal server error\"}" },
    latencyMs: 3, integrationLatencyMs: 2, ...overrides,
  };
}

describe("execution steps (gateway/execution-steps.ts)", () => {
  it("lists a Lambda request's steps in pipeline order, function logs after the endpoint request", () => {
    const steps = executionSteps(record(), ["2024-01-01T00:00:00.000Z\tid-1\tERROR\tboom"]);
    expect(steps.map((step) => step.kind)).to.deep.equal([
      "methodRequest", "requestMapping", "endpointRequest", "functionLogs", "endpointResponse", "integrationResponse", "responseMapping", "methodResponse",
    ]);
  });

  it("gives each mapping its template, its reason and what it rendered", () => {
    const steps = executionSteps(record());
    expect(steps.find((step) => step.kind === "requestMapping")).to.deep.include({
      contentType: "application/json", template: "{\"m\":\"$context.httpMethod\"}", output: "{\"m\":\"POST\"}",
    });
    expect(steps.find((step) => step.kind === "integrationResponse")).to.deep.include({ statusCode: "502", selectionPattern: "(\\n|.)+", selectionValue: "boom" });
    expect(steps.find((step) => step.kind === "responseMapping")).to.deep.include({
      contentType: "application/json", output: "{\"message\":\"Internal server error\"}",
    });
  });

  it("keeps a mapping's output when the integration refused it, and ends with the gateway response", () => {
    const failed = record({
      endpointRequest: undefined, integrationResult: undefined, failure: "Lambda rejected the payload (InvalidRequestContentException)",
      response: { status: 400, headers: { "x-amzn-ErrorType": "BadRequestException" }, body: "{\"message\":\"Could not parse request body into json\"}" },
    });
    const steps = executionSteps(failed);
    expect(steps.map((step) => step.kind)).to.deep.equal(["methodRequest", "requestMapping", "gatewayResponse"]);
    expect(steps[1]).to.deep.include({ output: "{\"m\":\"POST\"}" });
    expect(steps[2]).to.deep.include({ status: 400, responseType: "DEFAULT_4XX", failure: "Lambda rejected the payload (InvalidRequestContentException)" });
  });

  it("has only the gateway response for a request that matched no route", () => {
    const unrouted = record({
      route: undefined, resourcePath: undefined, methodRequest: undefined, integrationCall: undefined, endpointRequest: undefined,
      integrationResult: undefined, failure: "no POST method at /dev/nowhere", gatewayResponseType: "MISSING_AUTHENTICATION_TOKEN",
      response: { status: 403, headers: { "x-amzn-ErrorType": "MissingAuthenticationTokenException" }, body: "{}" },
    });
    expect(executionSteps(unrouted)).to.deep.equal([{
      kind: "gatewayResponse", status: 403, headers: { "x-amzn-ErrorType": "MissingAuthenticationTokenException" }, body: "{}",
      responseType: "MISSING_AUTHENTICATION_TOKEN", failure: "no POST method at /dev/nowhere",
    }]);
  });
});
