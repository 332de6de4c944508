import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaAuthorizer, type LambdaAuthorizerArgs } from "../../components/lambda-authorizer.ts";
import { LambdaCustomRoute } from "../../components/lambda-custom-route.ts";
import { MockCloud, promiseOf } from "../support/mock-cloud.ts";
import { projectDir } from "../support/stack-config.ts";

const T = {
  authorizer: "aws:apigateway/authorizer:Authorizer",
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  method: "aws:apigateway/method:Method",
  restApi: "aws:apigateway/restApi:RestApi",
};

const handler = {
  entry: path.join(projectDir, "handlers", "authorizer.ts"),
  timeoutSeconds: 3, memoryMb: 128, logRetentionDays: 1,
};

function authorizerArgs(restApi: aws.apigateway.RestApi, overrides: Partial<LambdaAuthorizerArgs> = {}): LambdaAuthorizerArgs {
  return { restApi, type: "TOKEN", function: { ...handler, outDir: mkdtempSync(path.join(tmpdir(), "authorizer-")) }, ...overrides };
}

describe("LambdaAuthorizer", () => {
  let cloud: MockCloud;
  before(async () => {
    cloud = new MockCloud();
    const restApi = new aws.apigateway.RestApi("api", {});
    const authorizer = new LambdaAuthorizer("tokens", authorizerArgs(restApi, {
      identitySource: "method.request.header.X-Token", resultTtlInSeconds: 0, validationExpression: "^Bearer .+$",
    }));
    const route = new LambdaCustomRoute("lambda", {
      restApi, basePath: "lambda", authorizer, function: new aws.lambda.Function("backend", { role: "arn:aws:iam::123456789012:role/r" }),
      requestTemplate: "{}", errorTemplate: "{}",
    });
    await promiseOf(pulumi.all([route.definition, authorizer.functionName]));
    await cloud.settle();
  });

  it('declares a TOKEN authorizer with its identity source, "validationExpression" and a TTL of 0 passed verbatim', () => {
    expect(cloud.one(T.authorizer).inputs).to.include({
      type: "TOKEN", identitySource: "method.request.header.X-Token", authorizerResultTtlInSeconds: 0,
      identityValidationExpression: "^Bearer .+$", restApi: cloud.one(T.restApi).id,
    });
  });

  it("calls its own bundled function through the function's invoke ARN", () => {
    const fn = cloud.one(T.fn, "tokens");
    expect(fn.inputs).to.include({ runtime: "nodejs24.x", timeout: 3 });
    expect(cloud.one(T.authorizer).inputs.authorizerUri).to.equal(fn.state.invokeArn);
  });

  it("lets exactly this authorizer of this API invoke the function: <executionArn>/authorizers/<authorizerId>", () => {
    const permission = cloud.one(T.permission, "tokens-invoke").inputs;
    expect(permission).to.include({
      action: "lambda:InvokeFunction",
      principal: "apigateway.amazonaws.com",
      function: cloud.one(T.fn, "tokens").state.name,
      sourceArn: `${cloud.one(T.restApi).state.executionArn}/authorizers/${cloud.one(T.authorizer).id}`,
    });
  });

  it("makes a route it protects a CUSTOM method naming the authorizer", () => {
    expect(cloud.one(T.method).inputs).to.include({ authorization: "CUSTOM", authorizerId: cloud.one(T.authorizer).id });
  });

  describe("arguments AWS would refuse, refused before anything is declared", () => {
    const refused: [string, Partial<LambdaAuthorizerArgs>, RegExp][] = [
      ["a TOKEN authorizer reading a query string", { identitySource: "method.request.querystring.token" },
        /LambdaAuthorizer "bad": args.identitySource must be one header/],
      ["a REQUEST authorizer without identity sources", { type: "REQUEST", identitySource: "" },
        /args.identitySource must name at least one source/],
      ["a TTL above 3600 s", { resultTtlInSeconds: 3601 }, /args.resultTtlInSeconds must be an integer from 0 to 3600, got 3601/],
      ["a validation expression on a REQUEST authorizer", { type: "REQUEST", validationExpression: "^x$" },
        /args.validationExpression applies to TOKEN authorizers only, got it for REQUEST/],
    ];
    for (const [what, overrides, message] of refused) {
      it(what, () => {
        new MockCloud();
        const restApi = new aws.apigateway.RestApi("api", {});
        expect(() => new LambdaAuthorizer("bad", authorizerArgs(restApi, overrides))).to.throw(pulumi.ResourceError, message);
      });
    }
  });
});
