import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HttpCustomRoute } from "../../components/http-custom-route.ts";
import { LambdaCustomRoute } from "../../components/lambda-custom-route.ts";
import { MockCloud, promiseOf } from "../support/mock-cloud.ts";

const INTEGRATION = "aws:apigateway/integration:Integration";

async function declareRoutes(): Promise<MockCloud> {
  const cloud = new MockCloud();
  const parent = new pulumi.ComponentResource("test:index:Parent", "parent");
  const restApi = new aws.apigateway.RestApi("api", {}, { parent });
  const fn = new aws.lambda.Function("fn", { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs24.x", handler: "index.handler" }, { parent });
  const lambda = new LambdaCustomRoute("lambda", {
    restApi, basePath: "lambda", function: fn, requestTemplate: "#set($x = 1){}", errorTemplate: "{\"message\":\"e\"}",
  }, { parent });
  const http = new HttpCustomRoute("http", {
    restApi, basePath: "http", endpoint: "https://echo.example/anything", requestTemplate: "{}", queryStrings: ["q"], timeoutMilliseconds: 1000,
  }, { parent });
  await promiseOf(pulumi.all([lambda.definition, http.definition, lambda.permission.sourceArn]));
  return cloud.settle();
}

describe("route components", () => {
  let cloud: MockCloud;
  before(async () => {
    cloud = await declareRoutes();
  });

  it("LambdaCustomRoute POSTs the rendered template to the function's invoke ARN", () => {
    const integration = cloud.ofType(INTEGRATION).find((i) => i.name === "lambda-integration");
    expect(integration?.inputs).to.include({
      type: "AWS", httpMethod: "ANY", integrationHttpMethod: "POST", passthroughBehavior: "WHEN_NO_TEMPLATES",
      uri: cloud.one("aws:lambda/function:Function").state.invokeArn,
    });
    expect(integration?.inputs.requestTemplates).to.deep.equal({ "application/json": "#set($x = 1){}" });
  });

  it("LambdaCustomRoute lets only this API's route paths invoke the function, from any stage and method", () => {
    const permission = cloud.one("aws:lambda/permission:Permission").inputs;
    const api = cloud.one("aws:apigateway/restApi:RestApi");
    expect(permission).to.include({
      action: "lambda:InvokeFunction",
      principal: "apigateway.amazonaws.com",
      function: cloud.one("aws:lambda/function:Function").state.name,
      sourceArn: `${api.state.executionArn}/*/*/lambda/*`,
    });
  });

  it("gives every integration response a method response of the same status", () => {
    const key = (r: { name: string }) => r.name;
    const methodResponses = cloud.ofType("aws:apigateway/methodResponse:MethodResponse").map(key).sort();
    const integrationResponses = cloud.ofType("aws:apigateway/integrationResponse:IntegrationResponse").map(key).sort();
    expect(integrationResponses).to.deep.equal(["http-200", "http-400", "http-502", "lambda-200", "lambda-502"]);
    expect(methodResponses).to.deep.equal(integrationResponses);
  });

  it("maps a thrown Lambda error to 502 through its response template", () => {
    const error = cloud.one("aws:apigateway/integrationResponse:IntegrationResponse", "lambda-502").inputs;
    expect(error).to.include({ statusCode: "502", selectionPattern: "(\\n|.)+" });
    expect(error.responseTemplates).to.deep.equal({ "application/json": "{\"message\":\"e\"}" });
    const success = cloud.one("aws:apigateway/integrationResponse:IntegrationResponse", "lambda-200").inputs;
    expect(success.selectionPattern).to.equal(undefined);
  });

  it("HttpCustomRoute declares the {proxy} path and query string and maps both onto the backend URL", () => {
    const method = cloud.one("aws:apigateway/method:Method", "http-any").inputs;
    expect(method.requestParameters).to.deep.equal({ "method.request.path.proxy": true, "method.request.querystring.q": false });
    const integration = cloud.one(INTEGRATION, "http-integration").inputs;
    expect(integration).to.include({ type: "HTTP", uri: "https://echo.example/anything/{proxy}", timeoutMilliseconds: 1000 });
    expect(integration.requestParameters).to.deep.equal({
      "integration.request.path.proxy": "method.request.path.proxy",
      "integration.request.querystring.q": "method.request.querystring.q",
    });
  });

  it("puts each route's method on its own {proxy+} resource", () => {
    const proxies = cloud.ofType("aws:apigateway/resource:Resource").filter((r) => r.inputs.pathPart === "{proxy+}");
    const methodResources = cloud.ofType("aws:apigateway/method:Method").map((m) => m.inputs.resourceId).sort();
    expect(methodResources).to.deep.equal(proxies.map((p) => p.id).sort());
  });
});
