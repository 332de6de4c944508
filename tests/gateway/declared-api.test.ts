import { expect } from "chai";
import * as path from "node:path";
import { ProgramRun, runProgram, type PropertyMap, type RegisteredResource } from "../../engine/offline-engine.ts";
import { readDeclaredApi, DEFAULT_TIMEOUT_MS, type DeclaredApi, type DeclaredIntegration, type DeclaredMethod } from "../../gateway/declared-api.ts";
import { VtlParseError } from "../../gateway/vtl/errors.ts";
import { lambdaErrorTemplate, passthroughTemplate } from "../../templates/index.ts";
import { projectDir } from "../support/stack-config.ts";

const fixtures = path.join(projectDir, "tests", "fixtures", "gateway");
const REGION = "eu-west-1";

const TYPES = {
  restApi: "aws:apigateway/restApi:RestApi",
  resource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
  authorizer: "aws:apigateway/authorizer:Authorizer",
  deployment: "aws:apigateway/deployment:Deployment",
  stage: "aws:apigateway/stage:Stage",
  function: "aws:lambda/function:Function",
} as const;

/** The same run with one resource's inputs changed by `change`: a declaration the fixture does not make. */
function patched(run: ProgramRun, type: string, name: string, change: (inputs: PropertyMap) => PropertyMap): ProgramRun {
  const target = run.get(type, name);
  const resources = run.resources.map((r): RegisteredResource => (r === target ? { ...r, inputs: change({ ...r.inputs }) } : r));
  return new ProgramRun(run.projectDir, run.project, run.stack, resources, run.diagnostics, run.stdout, run.stderr);
}

/** The same run without the resources of one type. */
function without(run: ProgramRun, type: string): ProgramRun {
  return new ProgramRun(run.projectDir, run.project, run.stack, run.resources.filter((r) => r.type !== type), run.diagnostics, run.stdout, run.stderr);
}

function methodAt(model: DeclaredApi, resourcePath: string, httpMethod = "ANY"): DeclaredMethod {
  const found = model.resources.find((r) => r.path === resourcePath)?.methods.get(httpMethod);
  expect(found, `expected ${httpMethod} ${resourcePath} in the model; got ${model.resources.map((r) => r.path).join(", ")}`).to.not.equal(undefined);
  return found as DeclaredMethod;
}

function integrationAt(model: DeclaredApi, resourcePath: string, httpMethod = "ANY"): DeclaredIntegration {
  const found = methodAt(model, resourcePath, httpMethod).integration;
  expect(found, `expected an integration on ${httpMethod} ${resourcePath}`).to.not.equal(undefined);
  return found as DeclaredIntegration;
}

/** The message readDeclaredApi throws with. */
function errorOf(build: () => unknown): Error {
  try {
    build();
  } catch (err) {
    return err as Error;
  }
  expect.fail("expected readDeclaredApi to throw; it returned a model");
}

describe("readDeclaredApi: the API read from the resources a program registered", function () {
  this.timeout(180_000);

  describe("the custom-integration fixture (project components and raw resources)", () => {
    const echoEndpoint = "http://127.0.0.1:8080/anything";
    let run: ProgramRun;
    let model: DeclaredApi;

    before(async () => {
      run = await runProgram({ projectDir: path.join(fixtures, "api"), stack: "test", config: { "gateway-fixture:echoEndpoint": echoEndpoint } });
      model = readDeclaredApi(run, REGION);
    });

    it("names the API, its id, region, account, stage and the deployment the stage serves", () => {
      const restApi = run.get(TYPES.restApi, "fixture");
      const deployments = run.ofType(TYPES.deployment);
      expect(deployments).to.have.length(1);
      expect(model).to.deep.include({
        name: "fixture", apiId: restApi.id, region: REGION, accountId: "123456789012", stageName: "test", stageVariables: {}, deploymentId: deployments[0].id,
      });
    });

    it("resource paths come from each resource's parent chain; resources without methods are left out", () => {
      expect(model.resources.map((r) => r.path)).to.have.members([
        "/lambda/{proxy+}", "/fail/{proxy+}", "/slow/{proxy+}", "/env/{proxy+}", "/stray/{proxy+}", "/http/{proxy+}", "/down/{proxy+}",
        "/late/{proxy+}", "/missing/{proxy+}", "/strict/{proxy+}", "/raw/{proxy+}", "/unmapped/{proxy+}", "/override/{proxy+}", "/explicit/{proxy+}",
      ]);
      const proxy = run.get(TYPES.resource, "strict-proxy");
      expect(proxy.inputs.parentId).to.equal(run.get(TYPES.resource, "strict-base").id);
      const strict = model.resources.find((r) => r.path === "/strict/{proxy+}");
      expect(strict?.id).to.equal(proxy.id);
      for (const resource of model.resources) {
        for (const method of resource.methods.values()) expect([method.resourcePath, method.resourceId]).to.deep.equal([resource.path, resource.id]);
      }
    });

    it("methods are kept by verb, each with its own integration", () => {
      const explicit = model.resources.find((r) => r.path === "/explicit/{proxy+}");
      expect([...(explicit?.methods.keys() ?? [])].sort()).to.deep.equal(["ANY", "GET"]);
      expect(integrationAt(model, "/explicit/{proxy+}", "ANY").requestTemplates.get("application/json")?.source).to.equal('{"via": "ANY"}');
      expect(integrationAt(model, "/explicit/{proxy+}", "GET").requestTemplates.get("application/json")?.source).to.equal('{"via": "GET"}');
    });

    it("a method's request parameters and the status codes of its method responses", () => {
      const httpRoute = methodAt(model, "/http/{proxy+}");
      expect(httpRoute.requestParameters).to.deep.equal({ "method.request.path.proxy": true, "method.request.querystring.q": false });
      expect([...httpRoute.methodResponses].sort()).to.deep.equal(["200", "400", "502"]);
      expect([...methodAt(model, "/unmapped/{proxy+}").methodResponses]).to.deep.equal([]);
    });

    it("a Lambda custom integration: type AWS, POST to the invoke URI, the passthrough template, its responses", () => {
      const lambda = integrationAt(model, "/lambda/{proxy+}");
      const fn = run.ofType(TYPES.function).find((f) => f.inputs.handler === "index.echo");
      expect(lambda).to.deep.include({ type: "AWS", integrationHttpMethod: "POST", passthroughBehavior: "WHEN_NO_TEMPLATES", requestParameters: [], timeoutMs: 29000 });
      expect(lambda.uri).to.equal(`arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${String(fn?.outputs.arn)}/invocations`);
      expect([...lambda.requestTemplates.keys()]).to.deep.equal(["application/json"]);
      expect(lambda.requestTemplates.get("application/json")?.source).to.equal(passthroughTemplate);
      expect(lambda.responses.map((r) => r.statusCode)).to.deep.equal(["200", "502"]);
      expect(lambda.responses[1].responseTemplates.get("application/json")?.source).to.equal(lambdaErrorTemplate);
    });

    it("an HTTP custom integration: its URI, mapped parameters in order and timeout", () => {
      const httpRoute = integrationAt(model, "/http/{proxy+}");
      expect(httpRoute).to.deep.include({ type: "HTTP", uri: `${echoEndpoint}/{proxy}`, integrationHttpMethod: "POST", timeoutMs: 29000, lambda: undefined });
      expect(httpRoute.requestParameters).to.deep.equal([
        ["integration.request.path.proxy", "method.request.path.proxy"],
        ["integration.request.querystring.q", "method.request.querystring.q"],
      ]);
      expect(integrationAt(model, "/late/{proxy+}").timeoutMs).to.equal(300);
    });

    it('defaults: "passthroughBehavior" WHEN_NO_MATCH and a 29000 ms timeout when the program sets neither', () => {
      const declared = run.get(TYPES.integration, "unmapped").inputs;
      expect([declared.passthroughBehavior, declared.timeoutMilliseconds], "the fixture leaves both out").to.deep.equal([undefined, undefined]);
      expect(integrationAt(model, "/unmapped/{proxy+}")).to.deep.include({ passthroughBehavior: "WHEN_NO_MATCH", timeoutMs: 29000 });
      expect(DEFAULT_TIMEOUT_MS).to.equal(29000);
      expect(integrationAt(model, "/strict/{proxy+}").passthroughBehavior).to.equal("NEVER");
    });

    it("request and response templates are compiled and kept by content type, lowercased", () => {
      const changed = patched(run, TYPES.integration, "raw", (inputs) => ({ ...inputs, requestTemplates: { "Application/JSON": '{"a": 1}', "Text/XML": "<a/>" } }));
      const raw = integrationAt(readDeclaredApi(changed, REGION), "/raw/{proxy+}");
      expect([...raw.requestTemplates.keys()]).to.deep.equal(["application/json", "text/xml"]);
      expect(raw.requestTemplates.get("text/xml")?.source).to.equal("<a/>");
      const responses = patched(run, TYPES.integrationResponse, "raw-200", (inputs) => ({ ...inputs, responseTemplates: { "Text/Plain": "plain" } }));
      expect([...integrationAt(readDeclaredApi(responses, REGION), "/raw/{proxy+}").responses[0].responseTemplates.keys()]).to.deep.equal(["text/plain"]);
    });

    it("integration responses: the default has no pattern; a selection pattern must match the whole value", () => {
      const [ok, error] = integrationAt(model, "/lambda/{proxy+}").responses;
      expect(ok.selectionPattern).to.equal(undefined);
      expect(error.selectionPattern?.test("boom"), "(\\n|.)+ against boom").to.equal(true);
      expect(error.selectionPattern?.test("boom\n    at handler"), "(\\n|.)+ against two lines").to.equal(true);
      expect(error.selectionPattern?.test(""), "(\\n|.)+ against an empty errorMessage").to.equal(false);
      const clientError = integrationAt(model, "/http/{proxy+}").responses.find((r) => r.statusCode === "400");
      expect(["404", "4040", "1404", "40"].map((value) => clientError?.selectionPattern?.test(value))).to.deep.equal([true, false, false, false]);
    });

    it("an integration response's parameters, as [target, source] pairs", () => {
      const [response] = integrationAt(model, "/override/{proxy+}").responses;
      expect(Object.fromEntries(response.responseParameters)).to.deep.equal({
        "method.response.header.X-Static": "'static'", "method.response.header.Server": "'mine'",
      });
      expect([...response.responseTemplates.keys()]).to.include.members(["application/json", "text/plain"]);
    });

    it("the Lambda function a Lambda integration invokes is found by its invoke ARN: handler, timeout, environment, code", () => {
      const env = integrationAt(model, "/env/{proxy+}").lambda;
      const declared = run.ofType(TYPES.function).find((f) => f.inputs.handler === "index.env");
      expect(env).to.deep.include({
        name: declared?.outputs.name, arn: declared?.outputs.arn, handler: "index.env", timeoutSeconds: 3, memoryMb: 128, environment: { GREETING: "hello" },
      });
      expect(env?.codeDir).to.equal(path.join(fixtures, "api", ".build", "env"));
      expect(env?.logGroupName).to.match(/^\/aws\/lambda\/env-/);
      expect(integrationAt(model, "/slow/{proxy+}").lambda).to.deep.include({ handler: "index.slow", timeoutSeconds: 1, environment: {} });
      expect(integrationAt(model, "/fail/{proxy+}").lambda?.handler).to.equal("index.fail");
    });

    it("throttling from the stage's method settings, by method path", () => {
      expect([...model.throttling]).to.deep.equal([["*/*", { rateLimit: 100, burstLimit: 50 }]]);
    });

    it("no authorizer, validator or gateway response where the program declares none", () => {
      const method = methodAt(model, "/lambda/{proxy+}");
      expect([method.authorizer, method.validation, model.gatewayResponses]).to.deep.equal([undefined, undefined, []]);
    });

    describe("declarations it refuses", () => {
      it("a request template that does not compile: the error names the route and the content type", () => {
        const broken = patched(run, TYPES.integration, "raw", (inputs) => ({ ...inputs, requestTemplates: { "application/x-broken": "#if($x" } }));
        const error = errorOf(() => readDeclaredApi(broken, REGION));
        expect(error.message).to.equal(
          "request template of ANY /raw/{proxy+} (application/x-broken) does not compile: mapping template parse error at line 1, column 7: unexpected end of template");
        expect(error.cause).to.be.instanceOf(VtlParseError);
      });

      it("a response template that does not compile: the error names the status, the method and the content type", () => {
        const broken = patched(run, TYPES.integrationResponse, "raw-200", (inputs) => ({ ...inputs, responseTemplates: { "text/plain": "$input.json('$'" } }));
        expect(errorOf(() => readDeclaredApi(broken, REGION)).message).to.match(/^200 response template of ANY \/raw\/\{proxy\+\} \(text\/plain\) does not compile: /);
      });

      it("a CUSTOM method naming no declared authorizer", () => {
        const broken = patched(run, TYPES.method, "raw", (inputs) => ({ ...inputs, authorization: "CUSTOM", authorizerId: "nope" }));
        expect(errorOf(() => readDeclaredApi(broken, REGION)).message)
          .to.equal('ANY /raw/{proxy+} has authorization CUSTOM but names no declared authorizer (authorizerId "nope")');
      });

      it("a method naming a request validator the API does not declare", () => {
        const broken = patched(run, TYPES.method, "raw", (inputs) => ({ ...inputs, requestValidatorId: "v-nope" }));
        expect(errorOf(() => readDeclaredApi(broken, REGION)).message).to.equal('ANY /raw/{proxy+} names request validator "v-nope", which the API does not declare');
      });

      it("an API without a stage", () => {
        expect(errorOf(() => readDeclaredApi(without(run, TYPES.stage), REGION)).message)
          .to.equal('the program must declare exactly one stage (aws.apigateway.Stage) of REST API "fixture"; it declares 0');
      });
    });
  });

  describe("the surface fixture (MOCK, proxies, a validator, gateway responses; two APIs)", () => {
    let model: DeclaredApi;

    before(async () => {
      const run = await runProgram({ projectDir: path.join(fixtures, "surface"), stack: "test" });
      model = readDeclaredApi(run, REGION, "surface");
    });

    it("only the chosen API's resources, and its stage variables", () => {
      expect(model.resources.map((r) => r.path)).to.not.include("/ping");
      expect(model.resources.map((r) => r.path)).to.include.members(["/health", "/pets", "/lambdaproxy/{proxy+}", "/httpproxy/{proxy+}"]);
      expect(model.stageVariables).to.deep.equal({ flavour: "vanilla" });
    });

    it("a MOCK integration has no integration method and no function; its response patterns are anchored too", () => {
      const health = integrationAt(model, "/health", "GET");
      expect(health).to.deep.include({ type: "MOCK", integrationHttpMethod: "", lambda: undefined });
      expect(health.responses.map((r) => [r.statusCode, r.selectionPattern?.test("503"), r.selectionPattern?.test("5030")]))
        .to.deep.equal([["200", undefined, undefined], ["503", true, false]]);
    });

    it("an AWS_PROXY integration finds its function by invoke ARN as well", () => {
      expect(integrationAt(model, "/lambdaproxy/{proxy+}").lambda?.handler).to.equal("index.proxy");
    });

    it("a request validator with its body model; the built-in Empty and Error models are always there", () => {
      const validation = methodAt(model, "/pets", "POST").validation;
      expect(validation).to.deep.include({ validateRequestParameters: true, validateRequestBody: true });
      expect([...(validation?.bodySchemas.keys() ?? [])]).to.deep.equal(["application/json"]);
      const pet = validation?.bodySchemas.get("application/json");
      expect(pet?.name).to.equal("Pet");
      expect(pet?.schema).to.deep.include({ type: "object", required: ["name"] });
      expect(validation?.apiModels.map((m) => m.name)).to.have.members(["Empty", "Error", "Tag", "Pet"]);
      const builtIn = Object.fromEntries(validation?.apiModels.filter((m) => m.name === "Empty" || m.name === "Error").map((m) => [m.name, m.schema]) ?? []);
      expect(builtIn.Empty).to.deep.include({ type: "object", title: "Empty Schema" });
      expect(builtIn.Error).to.deep.include({ type: "object", properties: { message: { type: "string" } } });
      expect(methodAt(model, "/health", "GET").validation).to.equal(undefined);
    });

    it("gateway responses: type, status (absent when not set), templates by content type and parameters", () => {
      const byType = new Map(model.gatewayResponses.map((r) => [r.responseType, r]));
      expect([...byType.keys()]).to.have.members(["MISSING_AUTHENTICATION_TOKEN", "DEFAULT_4XX", "DEFAULT_5XX"]);
      expect(byType.get("MISSING_AUTHENTICATION_TOKEN")).to.deep.include({ statusCode: 404, parameters: [] });
      expect([...(byType.get("MISSING_AUTHENTICATION_TOKEN")?.templates.keys() ?? [])]).to.deep.equal(["application/json"]);
      expect(byType.get("DEFAULT_5XX")).to.deep.include({ statusCode: undefined, parameters: [["gatewayresponse.header.X-Five", "'yes'"]] });
    });

    it("throttling from the stage's method settings", () => {
      expect([...model.throttling]).to.deep.equal([["*/*", { rateLimit: 1, burstLimit: 2 }]]);
    });
  });

  describe("the authorizers fixture", () => {
    let run: ProgramRun;
    let model: DeclaredApi;

    before(async () => {
      run = await runProgram({ projectDir: path.join(fixtures, "authorizers"), stack: "test" });
      model = readDeclaredApi(run, REGION);
    });

    it("a TOKEN authorizer: identity source, validation expression matching the whole token, TTL, its function", () => {
      const authorizer = methodAt(model, "/token/{proxy+}").authorizer;
      expect(authorizer).to.deep.include({ type: "TOKEN", identitySources: ["method.request.header.X-Token"], resultTtlSeconds: 300 });
      expect(["Bearer abc", "Bearer abc1", "xBearer abc", "Bearer "].map((token) => authorizer?.validationExpression?.test(token)))
        .to.deep.equal([true, false, false, false]);
      expect(authorizer?.lambda).to.deep.include({ handler: "index.tokens", timeoutSeconds: 1 });
    });

    it("two methods protected by one authorizer share it", () => {
      expect(methodAt(model, "/token2/{proxy+}").authorizer).to.equal(methodAt(model, "/token/{proxy+}").authorizer);
    });

    it("a REQUEST authorizer: identity sources split on commas and trimmed, no validation expression; TTL 0 kept", () => {
      expect(methodAt(model, "/request/{proxy+}").authorizer).to.deep.include({
        type: "REQUEST", identitySources: ["method.request.header.X-User", "method.request.querystring.tenant"], validationExpression: undefined,
      });
      expect(methodAt(model, "/uncached/{proxy+}").authorizer?.resultTtlSeconds).to.equal(0);
      expect(methodAt(model, "/open/{proxy+}").authorizer).to.equal(undefined);
    });

    it("API Gateway's defaults for what an authorizer leaves out: TOKEN, the Authorization header, 300 s", () => {
      const name = run.ofType(TYPES.authorizer).find((a) => a.inputs.type === "TOKEN")?.name ?? "";
      const bare = patched(run, TYPES.authorizer, name, ({ type: _type, identitySource: _source, authorizerResultTtlInSeconds: _ttl, ...rest }) => rest);
      expect(methodAt(readDeclaredApi(bare, REGION), "/token/{proxy+}").authorizer).to.deep.include({
        type: "TOKEN", identitySources: ["method.request.header.Authorization"], resultTtlSeconds: 300,
      });
    });
  });
});
