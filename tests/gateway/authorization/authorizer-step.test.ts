import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { AuthorizerInput } from "../../../gateway/authorization/authorizer-request.ts";
import { AuthorizerStep, MAX_CACHED_RESULTS, type AuthorizerVerdict } from "../../../gateway/authorization/authorizer-step.ts";
import type { DeclaredAuthorizer } from "../../../gateway/declared-api.ts";
import { buildTemplateContext } from "../../../gateway/vtl/context.ts";

/** A TOKEN authorizer allowing everything, whose context counts its calls. */
function counterModel(resultTtlSeconds: number): DeclaredAuthorizer {
  const codeDir = mkdtempSync(path.join(tmpdir(), "authorizer-step-"));
  writeFileSync(path.join(codeDir, "index.mjs"), `let calls = 0;
export const handler = async () => ({ principalId: "p", policyDocument: { Statement: { Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" } }, context: { calls: ++calls } });`);
  return {
    id: "a1", name: "counter", type: "TOKEN", identitySources: ["method.request.header.Authorization"], resultTtlSeconds, uri: "",
    lambda: { name: "counter", arn: "arn:aws:lambda:us-east-1:123456789012:function:counter", codeDir, codeHash: "test", handler: "index.handler", timeoutSeconds: 3, memoryMb: 128, environment: {}, logGroupName: "/aws/lambda/counter" },
  };
}

function input(token: string): AuthorizerInput {
  const context = buildTemplateContext({
    requestId: "r", extendedRequestId: "e", httpMethod: "GET", resourcePath: "/x", path: "/dev/x", stage: "dev", sourceIp: "127.0.0.1",
    requestTime: new Date(0), apiId: "api", accountId: "123456789012", domainName: "localhost", resourceId: "x1",
  });
  return { httpMethod: "GET", resourcePath: "/x", path: "/x", methodRequest: { body: "", pathParameters: {}, query: {}, headers: { Authorization: [token] } }, stageVariables: {}, context };
}

describe("authorizer step: the result cache", () => {
  let now = 0;
  const stage = { region: "us-east-1", accountId: "123456789012", apiId: "api", stageName: "dev" };
  const calls = async (step: AuthorizerStep, token: string): Promise<string | number | undefined> =>
    ((await step.authorize(input(token), "r")) as AuthorizerVerdict).context?.calls;

  it("serves a cached result until the TTL has passed, then calls the function again", async () => {
    const step = new AuthorizerStep(counterModel(300), stage, { now: () => now });
    now = 1000;
    expect(await calls(step, "t")).to.equal("1");
    now += 299_999;
    expect(await calls(step, "t")).to.equal("1");
    now += 1;
    expect(await calls(step, "t")).to.equal("2");
  });

  it("decides a cached result without a promise, so a cache hit costs no function call", () => {
    const step = new AuthorizerStep(counterModel(300), stage, { now: () => now });
    return Promise.resolve(step.authorize(input("sync"), "r")).then(() => {
      expect(step.authorize(input("sync"), "r")).to.not.be.instanceOf(Promise);
    });
  });

  it(`keeps at most ${MAX_CACHED_RESULTS} results, dropping the oldest first`, async () => {
    const step = new AuthorizerStep(counterModel(3600), stage, { now: () => now });
    for (let i = 0; i <= MAX_CACHED_RESULTS; i++) await step.authorize(input(`token-${i}`), "r");
    expect(await calls(step, `token-${MAX_CACHED_RESULTS}`), "the newest is cached").to.equal(String(MAX_CACHED_RESULTS + 1));
    expect(await calls(step, "token-0"), "the oldest was dropped").to.equal(String(MAX_CACHED_RESULTS + 2));
  });
});
