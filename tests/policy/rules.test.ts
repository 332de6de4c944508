import { expect } from "chai";
import {
  authorizerPermissionNamesOneAuthorizer,
  httpIntegrationsUseHttps,
  integrationsAreCustom,
  lambdaPermissionScopedToOneApi,
  noWildcardIamActions,
  TYPES,
} from "../../policy/rules/index.ts";
import { validateResource, type Violation } from "./harness.ts";

const API_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5";

function messages(violations: Violation[]): string[] {
  return violations.map((v) => v.message);
}

describe("policy rules (resource)", () => {
  describe('"lambda-permission-scoped-to-one-api"', () => {
    const permission = (props: Record<string, unknown>) => validateResource(lambdaPermissionScopedToOneApi, {
      type: TYPES.lambdaPermission, name: "lambda-invoke",
      props: { action: "lambda:InvokeFunction", function: "echo", principal: "apigateway.amazonaws.com", ...props },
    });

    it("accepts a sourceArn naming one API, any stage and method, one path", async () => {
      expect(await permission({ sourceArn: `${API_ARN}/*/*/lambda/*` })).to.deep.equal([]);
    });

    it("rejects a permission without sourceArn", async () => {
      expect(messages(await permission({}))).to.have.length(1).and.satisfy(
        ([m]: string[]) => m.includes("has no sourceArn") && m.endsWith("got undefined"));
    });

    it('rejects a bare "*" sourceArn', async () => {
      expect(messages(await permission({ sourceArn: "*" }))).to.deep.equal([
        'Lambda permission sourceArn: expected the execution ARN of one API ' +
          '(arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<method>/<path>); got "*"',
      ]);
    });

    it("rejects a wildcard API id", async () => {
      const [message] = messages(await permission({ sourceArn: "arn:aws:execute-api:us-east-1:123456789012:*/*/*/lambda/*" }));
      expect(message).to.match(/expected a literal API id \(one API\); got "arn:aws:execute-api:us-east-1:123456789012:\*/);
    });

    it("rejects a wildcard region or account, naming both", async () => {
      const [message] = messages(await permission({ sourceArn: "arn:aws:execute-api:*:*:a1b2c3d4e5/*" }));
      expect(message).to.include("expected a literal region, account (one API)");
    });

    it("ignores permissions for other principals and other resource types", async () => {
      expect(await permission({ principal: "s3.amazonaws.com" })).to.deep.equal([]);
      const other = await validateResource(lambdaPermissionScopedToOneApi, { type: TYPES.stage, name: "s", props: { principal: "apigateway.amazonaws.com" } });
      expect(other).to.deep.equal([]);
    });
  });

  describe('"authorizer-permission-names-one-authorizer"', () => {
    const permission = (sourceArn: string) => validateResource(authorizerPermissionNamesOneAuthorizer, {
      type: TYPES.lambdaPermission, name: "authorizer-invoke",
      props: { action: "lambda:InvokeFunction", function: "authorizer", principal: "apigateway.amazonaws.com", sourceArn },
    });

    it("accepts <executionArn>/authorizers/<authorizerId>, and leaves route permissions to the other rule", async () => {
      expect(await permission(`${API_ARN}/authorizers/abc123`)).to.deep.equal([]);
      expect(await permission(`${API_ARN}/*/*/lambda/*`)).to.deep.equal([]);
    });

    for (const bad of ["/authorizers/*", "/authorizers/", "/authorizers", "/authorizers/abc123/*", "/authorizers/ab?12"]) {
      it(`rejects a sourceArn ending in "${bad}", which does not name exactly one authorizer`, async () => {
        expect(messages(await permission(`${API_ARN}${bad}`))).to.deep.equal([
          "Lambda permission for an authorizer: expected exactly one authorizer of one API " +
            `(arn:aws:execute-api:<region>:<account>:<apiId>/authorizers/<authorizerId>); got "${API_ARN}${bad}"`,
        ]);
      });
    }
  });

  describe('"integrations-are-custom"', () => {
    const integration = (type: string, name = "lambda-integration", config = {}) =>
      validateResource(integrationsAreCustom, { type: TYPES.integration, name, props: { type, uri: "https://example.com" } }, config);

    it("accepts Lambda (AWS) and HTTP custom integrations", async () => {
      expect([...await integration("AWS"), ...await integration("HTTP")]).to.deep.equal([]);
    });

    for (const proxy of ["AWS_PROXY", "HTTP_PROXY"]) {
      it(`rejects a ${proxy} integration`, async () => {
        expect(messages(await integration(proxy))).to.deep.equal([
          `integration type: expected a custom integration (AWS or HTTP) so the request template applies; got "${proxy}"`,
        ]);
      });
    }

    it('lets the pack config "exempt" a proxy integration by its logical name, and only that one', async () => {
      const config = { exempt: ["legacy-proxy"] };
      expect(await integration("AWS_PROXY", "legacy-proxy", config)).to.deep.equal([]);
      expect(await integration("AWS_PROXY", "lambda-integration", config)).to.have.length(1);
    });
  });

  describe('"http-integrations-use-https"', () => {
    const integration = (type: string, uri: unknown) =>
      validateResource(httpIntegrationsUseHttps, { type: TYPES.integration, name: "http-integration", props: { type, uri } });

    it("accepts an https endpoint", async () => {
      expect(await integration("HTTP", "https://httpbin.org/anything/{proxy}")).to.deep.equal([]);
    });

    it("rejects plain http on HTTP and HTTP_PROXY integrations", async () => {
      expect(messages(await integration("HTTP", "http://httpbin.org/anything/{proxy}"))).to.deep.equal([
        'HTTP integration uri: expected an https:// URL (the backend request would travel unencrypted); got "http://httpbin.org/anything/{proxy}"',
      ]);
      expect(await integration("HTTP_PROXY", "http://example.com")).to.have.length(1);
    });

    it("leaves Lambda (AWS) integrations, whose uri is an ARN, alone", async () => {
      expect(await integration("AWS", "arn:aws:apigateway:us-east-1:lambda:path/x")).to.deep.equal([]);
    });
  });

  describe('"no-wildcard-iam-actions"', () => {
    const document = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
    const rolePolicy = (policy: unknown) =>
      validateResource(noWildcardIamActions, { type: TYPES.iamRolePolicy, name: "echo-logs", props: { role: "r", policy } });

    it("accepts named actions", async () => {
      const policy = document({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" });
      expect(await rolePolicy(policy)).to.deep.equal([]);
    });

    it('rejects "*" and "service:*" actions, as a string or in a list', async () => {
      expect(messages(await rolePolicy(document({ Effect: "Allow", Action: "*", Resource: "*" })))).to.deep.equal([
        'policy Statement[0]: expected named actions; got "*"',
      ]);
      const listed = document({ Effect: "Allow", Action: "logs:PutLogEvents" }, { Effect: "Allow", Action: ["s3:GetObject", "s3:*"] });
      expect(messages(await rolePolicy(listed))).to.deep.equal(['policy Statement[1]: expected named actions; got "s3:*"']);
    });

    it("rejects Allow with NotAction, and reads a document given as an object", async () => {
      const [message] = messages(await rolePolicy({ Statement: { Effect: "Allow", NotAction: "iam:*", Resource: "*" } }));
      expect(message).to.include("got Allow with NotAction \"iam:*\", which allows every other action");
    });

    it('allows a Deny of "*"', async () => {
      expect(await rolePolicy(document({ Effect: "Deny", Action: "*", Resource: "*" }))).to.deep.equal([]);
    });

    it("checks a role's inline policies and managed policies too", async () => {
      const wild = document({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" });
      const role = await validateResource(noWildcardIamActions, {
        type: TYPES.iamRole, name: "echo-role", props: { inlinePolicies: [{ name: "inline", policy: wild }] },
      });
      expect(messages(role)).to.deep.equal(['inlinePolicies[0].policy Statement[0]: expected named actions; got "dynamodb:*"']);
      const managed = await validateResource(noWildcardIamActions, { type: TYPES.iamPolicy, name: "p", props: { policy: wild } });
      expect(managed).to.have.length(1);
    });

    it("reports a policy that is not JSON instead of passing it", async () => {
      expect(messages(await rolePolicy("{not json"))).to.deep.equal(['policy: expected a JSON policy document; got "{not json"']);
    });
  });
});
