import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import {
  createAwsMocks,
  findById,
  simulateAwsCall,
  simulateAwsResource,
} from "../../engine/aws-simulation.ts";
import type { SimulatedResource } from "../../engine/aws-simulation.ts";

const env = { region: "eu-west-1", accountId: "111122223333" };

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("engine/aws-simulation", () => {
  describe("simulateAwsResource", () => {
    const api = simulateAwsResource({ type: "aws:apigateway/restApi:RestApi", name: "api", inputs: {} }, env);

    it('RestApi: "id" is 10 lowercase alphanumerics, with executionArn and arn built from it', () => {
      expect(api.id).to.match(/^[a-z0-9]{10}$/);
      expect(api.state.executionArn).to.equal(`arn:aws:execute-api:eu-west-1:111122223333:${api.id}`);
      expect(api.state.arn).to.equal(`arn:aws:apigateway:eu-west-1::/restapis/${api.id}`);
      expect(api.state.rootResourceId).to.match(/^[a-z0-9]{10}$/).and.not.equal(api.id);
    });

    it('autonames "name" as <logical>-<7 hex>, deterministically, and keeps an explicit name', () => {
      expect(api.state.name).to.match(/^api-[0-9a-f]{7}$/);
      const again = simulateAwsResource({ type: "aws:apigateway/restApi:RestApi", name: "api", inputs: {} }, env);
      expect(again).to.deep.equal(api);
      const named = simulateAwsResource({ type: "aws:iam/role:Role", name: "r", inputs: { name: "exact" } }, env);
      expect(named.state.name).to.equal("exact");
      expect(named.state.arn).to.equal("arn:aws:iam::111122223333:role/exact");
    });

    it('"namePrefix" yields the prefix plus a 26-digit suffix instead of an autoname', () => {
      const group = simulateAwsResource({
        type: "aws:cloudwatch/logGroup:LogGroup", name: "logs", inputs: { namePrefix: "/aws/lambda/fn-" },
      }, env);
      expect(group.state.name).to.match(/^\/aws\/lambda\/fn-\d{26}$/);
      expect(group.state.arn).to.equal(`arn:aws:logs:eu-west-1:111122223333:log-group:${String(group.state.name)}`);
    });

    it('Lambda Function: arn, invokeArn (API Gateway path form), qualifiedArn and version', () => {
      const fn = simulateAwsResource({
        type: "aws:lambda/function:Function", name: "echo", inputs: { runtime: "nodejs22.x", timeout: 5 },
      }, env);
      const arn = `arn:aws:lambda:eu-west-1:111122223333:function:${String(fn.state.name)}`;
      expect(fn.id).to.equal(fn.state.name);
      expect(fn.state.arn).to.equal(arn);
      expect(fn.state.invokeArn).to.equal(
        `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${arn}/invocations`,
      );
      expect(fn.state.qualifiedArn).to.equal(`${arn}:$LATEST`);
      expect(fn.state).to.include({ version: "$LATEST", timeout: 5, runtime: "nodejs22.x", memorySize: 128 });
    });

    it('Stage: invokeUrl "https://ID.execute-api.REGION.amazonaws.com/STAGE" and executionArn', () => {
      const stage = simulateAwsResource({
        type: "aws:apigateway/stage:Stage", name: "s", inputs: { restApi: "abcdefghij", stageName: "dev" },
      }, env);
      expect(stage.state.invokeUrl).to.equal("https://abcdefghij.execute-api.eu-west-1.amazonaws.com/dev");
      expect(stage.state.executionArn).to.equal("arn:aws:execute-api:eu-west-1:111122223333:abcdefghij/dev");
    });

    it('Resource: "path" is the parent\'s path plus pathPart, found through the lookup', () => {
      const created: SimulatedResource[] = [{ type: "aws:apigateway/restApi:RestApi", ...api }];
      const lookup = (id: string): SimulatedResource | undefined => findById(created, id);
      const v1 = simulateAwsResource({
        type: "aws:apigateway/resource:Resource", name: "v1",
        inputs: { restApi: api.id, parentId: api.state.rootResourceId, pathPart: "v1" },
      }, { ...env, lookup });
      created.push({ type: "aws:apigateway/resource:Resource", ...v1 });
      const proxy = simulateAwsResource({
        type: "aws:apigateway/resource:Resource", name: "proxy", inputs: { restApi: api.id, parentId: v1.id, pathPart: "{proxy+}" },
      }, { ...env, lookup });
      expect(v1.state.path).to.equal("/v1");
      expect(proxy.state.path).to.equal("/v1/{proxy+}");
    });

    it('the resource\'s own "region" input wins over the environment', () => {
      const fn = simulateAwsResource({ type: "aws:lambda/function:Function", name: "f", inputs: { region: "ap-south-1" } }, env);
      expect(fn.state.arn).to.match(/^arn:aws:lambda:ap-south-1:/);
    });

    it("an unlisted type gets a hash id and echoes its inputs", () => {
      const thing = simulateAwsResource({ type: "aws:sqs/queuePolicy:QueuePolicy", name: "q", inputs: { policy: "{}" } }, env);
      expect(thing.id).to.match(/^[0-9a-f]{16}$/);
      expect(thing.state).to.include({ policy: "{}", region: "eu-west-1" });
    });

    it("defaults to us-east-1 and account 123456789012", () => {
      const role = simulateAwsResource({ type: "aws:iam/role:Role", name: "r", inputs: { name: "x" } });
      expect(role.state).to.include({ arn: "arn:aws:iam::123456789012:role/x", region: "us-east-1" });
    });
  });

  describe("simulateAwsCall", () => {
    it("answers getRegion, getCallerIdentity and getPartition", () => {
      expect(simulateAwsCall("aws:index/getRegion:getRegion", {}, env)).to.include({ region: "eu-west-1", name: "eu-west-1" });
      expect(simulateAwsCall("aws:index/getCallerIdentity:getCallerIdentity", {}, env)).to.include({ accountId: "111122223333" });
      expect(simulateAwsCall("aws:index/getPartition:getPartition")).to.include({ partition: "aws", dnsSuffix: "amazonaws.com" });
    });

    it("rejects an unknown function naming its token", () => {
      expect(() => simulateAwsCall("aws:ec2/getVpc:getVpc")).to.throw('no offline simulation for function "aws:ec2/getVpc:getVpc"');
    });
  });

  describe("createAwsMocks", () => {
    before(() => pulumi.runtime.setMocks(createAwsMocks(env), "project", "stack"));

    it("GIVEN setMocks THEN nested Resources get their full path and Lambda its invokeArn", async () => {
      const api = new aws.apigateway.RestApi("mocked-api", {});
      const v1 = new aws.apigateway.Resource("mocked-v1", { restApi: api.id, parentId: api.rootResourceId, pathPart: "v1" });
      const items = new aws.apigateway.Resource("mocked-items", { restApi: api.id, parentId: v1.id, pathPart: "items" });
      const fn = new aws.lambda.Function("mocked-fn", { role: "arn:aws:iam::111122223333:role/r", runtime: "nodejs22.x" });
      expect(await promiseOf(items.path)).to.equal("/v1/items");
      expect(await promiseOf(fn.invokeArn)).to.match(/^arn:aws:apigateway:eu-west-1:lambda:path\/2015-03-31\/functions\/arn:aws:lambda:/);
      expect((await aws.getRegion()).region).to.equal("eu-west-1");
    });
  });
});
