import { expect } from "chai";
import { proxyRequestContext } from "../../gateway/proxy-request-context.ts";

describe("gateway/proxy-request-context: the requestContext of proxy and REQUEST authorizer events", () => {
  it("has AWS's request keys and 12 identity keys, null where unset, and none of $context's template-only keys", () => {
    const requestContext = proxyRequestContext({
      stage: "dev", requestId: "r", identity: { sourceIp: "203.0.113.7", userAgent: "curl/8.5.0", apiKey: null },
      requestOverride: { header: {} }, authorizer: { principalId: "p" },
    });
    expect(requestContext).to.include({ stage: "dev", requestId: "r", deploymentId: null });
    expect(requestContext).to.not.have.any.keys("requestOverride", "authorizer");
    expect(requestContext.identity).to.deep.equal({
      accessKey: null, accountId: null, caller: null, cognitoAuthenticationProvider: null, cognitoAuthenticationType: null,
      cognitoIdentityId: null, cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: "203.0.113.7", user: null,
      userAgent: "curl/8.5.0", userArn: null,
    });
  });

  it("keeps any other identity value the request has, such as test-invoke's API key", () => {
    const { identity } = proxyRequestContext({ identity: { sourceIp: "test-invoke-source-ip", apiKey: "test-invoke-api-key" } });
    expect(identity).to.include({ apiKey: "test-invoke-api-key", sourceIp: "test-invoke-source-ip" });
  });
});
