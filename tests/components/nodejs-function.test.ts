import { expect } from "chai";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { NODEJS_RUNTIME, NodejsFunction } from "../../components/nodejs-function.ts";
import { MockCloud, promiseOf } from "../support/mock-cloud.ts";
import { projectDir } from "../support/stack-config.ts";

const entry = path.join(projectDir, "handlers", "echo.ts");

function declare(outDir: string) {
  const cloud = new MockCloud();
  const fn = new NodejsFunction("echo", { entry, outDir, timeoutSeconds: 10, memoryMb: 256, logRetentionDays: 7 });
  return { cloud, fn };
}

describe("NodejsFunction", () => {
  let cloud: MockCloud;
  let outDir: string;
  before(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), "fn-"));
    const declared = declare(outDir);
    cloud = declared.cloud;
    await promiseOf(declared.fn.functionArn);
    await cloud.settle();
  });

  it(`runs the bundle on ${NODEJS_RUNTIME} with the configured timeout and memory`, async () => {
    const fn = cloud.one("aws:lambda/function:Function").inputs;
    expect(fn).to.include({ runtime: "nodejs24.x", handler: "index.handler", timeout: 10, memorySize: 256 });
    const code = fn.code as { path: Promise<string> };
    expect(await code.path).to.equal(outDir);
    expect(readdirSync(outDir)).to.deep.equal(["index.mjs"]);
  });

  it("bundles the same bytes on every run, so an unchanged handler never updates the function", () => {
    const other = mkdtempSync(path.join(tmpdir(), "fn-"));
    declare(other);
    expect(readFileSync(path.join(other, "index.mjs"))).to.deep.equal(readFileSync(path.join(outDir, "index.mjs")));
  });

  it("bundles a handler that returns the event as the seed's function does", async () => {
    const bundle = await import(path.join(outDir, "index.mjs"));
    const event = { method: "POST", params: { path: { proxy: "a/b" } } };
    const original = console.log;
    console.log = () => undefined;
    try {
      const result = await bundle.handler(event, { functionName: "echo" });
      expect(result).to.deep.equal({ statusCode: 200, body: JSON.stringify(event) });
    } finally {
      console.log = original;
    }
  });

  it("lets its role write only to the function's own log group", () => {
    const logGroup = cloud.one("aws:cloudwatch/logGroup:LogGroup");
    expect(logGroup.inputs.retentionInDays).to.equal(7);
    const policy = JSON.parse(cloud.one("aws:iam/rolePolicy:RolePolicy").inputs.policy as string);
    expect(policy.Statement).to.deep.equal([{
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroup.state.arn}:*`,
    }]);
    expect(cloud.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.have.length(0);
    const fn = cloud.one("aws:lambda/function:Function").inputs;
    expect(fn.loggingConfig).to.deep.equal({ logFormat: "Text", logGroup: logGroup.state.name });
  });

  it("lets only Lambda assume its role", () => {
    const trust = cloud.one("aws:iam/role:Role").inputs.assumeRolePolicy as { Statement: { Principal: unknown }[] };
    expect(trust.Statement.map((s) => s.Principal)).to.deep.equal([{ Service: "lambda.amazonaws.com" }]);
  });
});
