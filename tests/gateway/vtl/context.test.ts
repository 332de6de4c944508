import { expect } from "chai";
import { buildTemplateContext, formatRequestTime } from "../../../gateway/vtl/context.ts";
import { render, seedFacts } from "./fixtures.ts";

describe("$context", () => {
  it("$context.requestTime is CLF dd/MMM/yyyy:HH:mm:ss +0000 in UTC", () => {
    expect(render("$context.requestTime")).to.equal("09/Apr/2015:12:34:56 +0000");
    expect(formatRequestTime(new Date(Date.UTC(2026, 0, 1, 3, 4, 5)))).to.equal("01/Jan/2026:03:04:05 +0000");
  });

  it("$context.requestTimeEpoch is epoch milliseconds", () => {
    expect(render("$context.requestTimeEpoch")).to.equal("1428582896000");
  });

  it("$context.domainPrefix is the first label of $context.domainName", () => {
    expect(render("$context.domainPrefix $context.domainName")).to.equal("abcdef1234 abcdef1234.execute-api.us-east-1.amazonaws.com");
  });

  it("request facts appear under their AWS names", () => {
    const template = "$context.requestId|$context.extendedRequestId|$context.httpMethod|$context.resourcePath|$context.path|$context.stage|$context.apiId|$context.accountId|$context.resourceId|$context.protocol";
    expect(render(template)).to.equal(
      "c6af9ac6-7b61-11e6-9a41-93e8deadbeef|AbCdEfGhIjKlMnO=|POST|/lambda/{proxy+}|/dev/lambda/path1/path2|dev|abcdef1234|123456789012|abc123|HTTP/1.1",
    );
  });

  it("$context.identity.sourceIp and .userAgent are set; the IAM/Cognito fields render \"\"", () => {
    expect(render("$context.identity.sourceIp|$context.identity.userAgent|$context.identity.apiKey|$context.identity.caller|")).to.equal(
      "203.0.113.7|curl/8.5.0|||",
    );
  });

  it("a nested $context map interpolated whole renders Java's map form, unset values as null", () => {
    expect(render("$context.identity")).to.match(/^\{accountId=null, apiKey=null, .*sourceIp=203\.0\.113\.7, user=null, userAgent=curl\/8\.5\.0, userArn=null\}$/);
    expect(render("$context.authorizer", { facts: { authorizer: { principalId: "user", count: 1 } } })).to.equal("{principalId=user, count=1}");
  });

  it("extra identity values (test-invoke's apiKey) are added", () => {
    expect(render("$context.identity.apiKey", { facts: { identity: { apiKey: "test-invoke-api-key" } } })).to.equal("test-invoke-api-key");
  });

  it("without an authorizer every $context.authorizer.* renders \"\"", () => {
    expect(render("[$context.authorizer.principalId][$context.authorizer.claims][$context.authorizer.stringkey]")).to.equal("[][][]");
  });

  it("holds AWS's keys: deploymentId, and no authorizer key without an authorizer", () => {
    const keys = (facts = {}) => Object.keys(buildTemplateContext({ ...seedFacts, deploymentId: "d1", ...facts }));
    expect(keys()).to.include("deploymentId").and.not.include("authorizer");
    expect(keys({ authorizer: { principalId: "p" } })).to.include("authorizer");
    expect(render("$context.deploymentId", { facts: { deploymentId: "d1" } })).to.equal("d1");
  });

  it("authorizer values are stringified; claims stay a map", () => {
    const facts = { authorizer: { principalId: "user", count: 1, admin: true, claims: { sub: "abc", exp: 99 } } };
    expect(render("$context.authorizer.count $context.authorizer.admin $context.authorizer.claims.exp #if($context.authorizer.count == '1')s#end", { facts })).to.equal("1 true 99 s");
  });

  it("the override maps start empty", () => {
    const context = buildTemplateContext(seedFacts);
    expect(context.requestOverride).to.deep.equal({ header: {}, querystring: {}, path: {} });
    expect(context.responseOverride).to.deep.equal({ header: {} });
  });
});
