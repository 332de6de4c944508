import { expect } from "chai";
import { AuthorizerOutputError, evaluatePolicy, parseAuthorizerOutput } from "../../../gateway/authorization/authorizer-output.ts";

const ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/pets/1";

function output(statement: unknown, extra: Record<string, unknown> = {}) {
  return parseAuthorizerOutput(JSON.stringify({ principalId: "me", policyDocument: { Version: "2012-10-17", Statement: statement }, ...extra }));
}

const allow = (Resource: unknown, Action: unknown = "execute-api:Invoke") => ({ Effect: "Allow", Action, Resource });
const deny = (Resource: unknown) => ({ Effect: "Deny", Action: "execute-api:Invoke", Resource });

describe("authorizer output: policy evaluation against a method ARN", () => {
  const decisions: [string, unknown, string][] = [
    ["the exact method ARN", [allow(ARN)], "Allow"],
    ['"*" across slashes', [allow("arn:aws:execute-api:us-east-1:123456789012:abc123/*")], "Allow"],
    ['a bare "*"', [allow("*")], "Allow"],
    ['"?" for one character', [allow("arn:aws:execute-api:us-east-1:123456789012:abc123/dev/G?T/pets/*")], "Allow"],
    ["one statement as an object, not a list", allow(ARN), "Allow"],
    ["a Resource list, one matching", [allow(["arn:aws:execute-api:*:*:other/*", ARN])], "Allow"],
    ['"execute-api:*" and a differently cased action', [allow(ARN, ["execute-api:*"]), allow(ARN, "EXECUTE-API:invoke")], "Allow"],
    ["another stage only", [allow("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*")], "ImplicitDeny"],
    ["a resource that differs in case (ARNs are case-sensitive)", [allow(ARN.replace("pets", "Pets"))], "ImplicitDeny"],
    ["another action only", [allow(ARN, "execute-api:ManageConnections")], "ImplicitDeny"],
    ["no statements", [], "ImplicitDeny"],
    ["a matching Deny beside a matching Allow", [allow("*"), deny(ARN)], "ExplicitDeny"],
    ["a Deny that does not match", [allow("*"), deny("arn:aws:execute-api:*:*:abc123/dev/POST/*")], "Allow"],
    ["NotResource excluding the method", [{ Effect: "Allow", Action: "execute-api:Invoke", NotResource: ARN }], "ImplicitDeny"],
  ];
  for (const [what, statement, decision] of decisions) {
    it(`${decision} for ${what}`, () => {
      expect(evaluatePolicy(output(statement), ARN)).to.equal(decision);
    });
  }
});

describe("authorizer output: what API Gateway cannot use", () => {
  const refused: [string, string][] = [
    ["null", "null"],
    ["a proxy-style result", JSON.stringify({ statusCode: 200, body: "ok" })],
    ["no principalId", JSON.stringify({ policyDocument: { Statement: [] } })],
    ["no Statement", JSON.stringify({ principalId: "me", policyDocument: { Version: "2012-10-17" } })],
    ["an Effect other than Allow or Deny", JSON.stringify({ principalId: "me", policyDocument: { Statement: [{ Effect: "allow", Action: "*", Resource: "*" }] } })],
    ["a Resource that is not a string", JSON.stringify({ principalId: "me", policyDocument: { Statement: [{ Effect: "Allow", Action: "*", Resource: 1 }] } })],
    ["an array in the context", JSON.stringify({ principalId: "me", policyDocument: { Statement: [] }, context: { roles: ["a"] } })],
  ];
  for (const [what, body] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => parseAuthorizerOutput(body)).to.throw(AuthorizerOutputError);
    });
  }

  it("stringifies context numbers and booleans, leaves a null out, and keeps a numeric principalId as text", () => {
    const parsed = parseAuthorizerOutput(JSON.stringify({ principalId: 42, policyDocument: { Statement: [] }, context: { n: 1.5, b: true, s: "x", z: null } }));
    expect(parsed.principalId).to.equal("42");
    expect(parsed.context).to.deep.equal({ n: "1.5", b: "true", s: "x" });
  });
});
