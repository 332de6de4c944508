import { expect } from "chai";
import { ProgramFailedError, runProgram, type ProgramRun, type RegisteredResource } from "../../engine/offline-engine.ts";
import { passthroughTemplate } from "../../templates/index.ts";
import { projectDir } from "../support/stack-config.ts";

const count = (run: ProgramRun, type: string) => run.ofType(type).length;

describe("index.ts run as the Pulumi CLI runs it (dev stack, offline engine)", function () {
  this.timeout(120_000);
  let run: ProgramRun;
  before(async () => {
    run = await runProgram({ projectDir, stack: "dev" });
  });

  it("registers the API, both routes with their CORS preflights, their integrations and responses, the stage and the function", () => {
    expect({
      restApis: count(run, "aws:apigateway/restApi:RestApi"),
      resources: count(run, "aws:apigateway/resource:Resource"),
      methods: count(run, "aws:apigateway/method:Method"),
      integrations: count(run, "aws:apigateway/integration:Integration"),
      methodResponses: count(run, "aws:apigateway/methodResponse:MethodResponse"),
      integrationResponses: count(run, "aws:apigateway/integrationResponse:IntegrationResponse"),
      deployments: count(run, "aws:apigateway/deployment:Deployment"),
      stages: count(run, "aws:apigateway/stage:Stage"),
      methodSettings: count(run, "aws:apigateway/methodSettings:MethodSettings"),
      functions: count(run, "aws:lambda/function:Function"),
      roles: count(run, "aws:iam/role:Role"),
      permissions: count(run, "aws:lambda/permission:Permission"),
      logGroups: count(run, "aws:cloudwatch/logGroup:LogGroup"),
      gatewayResponses: count(run, "aws:apigateway/response:Response"),
    }).to.deep.equal({
      restApis: 1, resources: 4, methods: 4, integrations: 4, methodResponses: 7, integrationResponses: 7,
      deployments: 1, stages: 1, methodSettings: 1, functions: 1, roles: 1, permissions: 1, logGroups: 1, gatewayResponses: 2,
    });
  });

  it("gives the two ANY /{proxy+} methods an AWS and an HTTP integration sharing one template", () => {
    const proxies = run.ofType("aws:apigateway/resource:Resource").filter((r) => r.inputs.pathPart === "{proxy+}");
    expect(proxies.map((r) => r.outputs.path).sort()).to.deep.equal(["/http/{proxy+}", "/lambda/{proxy+}"]);
    const integrations = run.ofType("aws:apigateway/integration:Integration").filter((i) => i.inputs.type !== "MOCK");
    expect(integrations.map((i) => i.inputs.type).sort()).to.deep.equal(["AWS", "HTTP"]);
    for (const integration of integrations) {
      expect(integration.inputs.httpMethod).to.equal("ANY");
      expect(integration.inputs.requestTemplates).to.deep.equal({ "application/json": passthroughTemplate });
    }
  });

  it("nests every resource under the component that owns it", () => {
    const parentType = (r: RegisteredResource) => run.resources.find((p) => p.urn === r.parent)?.type;
    expect(parentType(run.get("aws:lambda/function:Function", "echo"))).to.equal("passthrough:lambda:NodejsFunction");
    expect(parentType(run.get("aws:lambda/permission:Permission", "lambda-invoke"))).to.equal("passthrough:routes:LambdaCustomRoute");
    expect(parentType(run.get("aws:apigateway/integration:Integration", "http-integration"))).to.equal("passthrough:routes:HttpCustomRoute");
    expect(parentType(run.get("aws:apigateway/stage:Stage", "passthrough"))).to.equal("passthrough:api:RestApi");
  });

  it("exports the documented stack outputs", () => {
    const api = run.get("aws:apigateway/restApi:RestApi", "passthrough");
    const fn = run.get("aws:lambda/function:Function", "echo");
    const invokeUrl = `https://${api.id}.execute-api.us-east-1.amazonaws.com/dev`;
    expect(run.exports).to.deep.equal({
      invokeUrl,
      lambdaRouteUrl: `${invokeUrl}/lambda`,
      httpRouteUrl: `${invokeUrl}/http`,
      restApiId: api.id,
      restApiName: api.outputs.name,
      stageName: "dev",
      executionArn: api.outputs.executionArn,
      functionName: fn.outputs.name,
      functionArn: fn.outputs.arn,
      authorizerType: "none",
    });
  });

  it("fails before creating anything when a config value is bad, naming the key and the expected form", async () => {
    const failure = await runProgram({ projectDir, stack: "dev", config: { "passthrough-api:stageName": "dev stage", "passthrough-api:httpTimeoutMs": 10 } })
      .then(() => undefined, (err: unknown) => err);
    expect(failure).to.be.instanceOf(ProgramFailedError);
    const { programMessage, resources } = failure as ProgramFailedError;
    expect(programMessage).to.contain('config "passthrough-api:stageName" must be 1-128 letters, digits, \'-\' or \'_\', got "dev stage"');
    expect(programMessage).to.contain('config "passthrough-api:httpTimeoutMs" must be an integer from 50 to 29000, got "10"');
    expect(resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
  });
});
