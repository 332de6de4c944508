import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "../../config/stack-config.ts";

const valid: Record<string, string> = {
  stageName: "dev",
  lambdaBasePath: "lambda",
  httpBasePath: "http",
  echoEndpoint: "https://httpbin.org/anything",
  httpQueryStrings: '["query1","query2"]',
  httpTimeoutMs: "29000",
  throttlingRateLimit: "20",
  throttlingBurstLimit: "10",
  logRetentionDays: "7",
  accessLogs: "false",
  lambdaTimeoutSeconds: "10",
  lambdaMemoryMb: "128",
  authorizer: "none",
  authorizerIdentitySource: "method.request.header.Authorization",
  authorizerCacheTtlSeconds: "300",
  authorizerValidationExpression: "",
  corsAllowOrigins: "[]",
};

function parse(overrides: Record<string, string | undefined>) {
  const raw = { ...valid, ...overrides };
  return parseStackConfig((key) => raw[key], "passthrough-api");
}

function problemOf(overrides: Record<string, string | undefined>): string {
  try {
    parse(overrides);
  } catch (err) {
    expect(err).to.be.instanceOf(pulumi.RunError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(overrides)} to be rejected; it was accepted`);
}

describe("stack configuration", () => {
  it("parses a valid configuration into typed values", () => {
    const config = parse({});
    expect(config).to.deep.equal({
      stageName: "dev", lambdaBasePath: "lambda", httpBasePath: "http",
      echoEndpoint: "https://httpbin.org/anything", httpQueryStrings: ["query1", "query2"],
      httpTimeoutMs: 29000, throttlingRateLimit: 20, throttlingBurstLimit: 10, logRetentionDays: 7,
      accessLogs: false, lambdaTimeoutSeconds: 10, lambdaMemoryMb: 128,
      authorizer: "none", authorizerIdentitySource: "method.request.header.Authorization",
      authorizerCacheTtlSeconds: 300, authorizerValidationExpression: "", corsAllowOrigins: [],
    });
  });

  const rejected: [string, string, RegExp][] = [
    ["stageName", "dev stage", /"passthrough-api:stageName" must be 1-128 letters, digits, '-' or '_', got "dev stage"/],
    ["lambdaBasePath", "a/b", /"passthrough-api:lambdaBasePath" must be one path segment/],
    ["httpBasePath", "{proxy+}", /"passthrough-api:httpBasePath" must be one path segment/],
    ["echoEndpoint", "ftp://example.com/x", /"passthrough-api:echoEndpoint" must be an absolute http\(s\) URL/],
    ["echoEndpoint", "https://example.com/anything/", /trailing '\/'/],
    ["echoEndpoint", "https://example.com/x?a=1", /no query string/],
    ["echoEndpoint", "https://example.com:81/x", /port 80, 443 or 1024-65535, got/],
    ["httpQueryStrings", "query1", /"passthrough-api:httpQueryStrings" must be a list of query-string names/],
    ["httpQueryStrings", '["ok","bad name"]', /must be a list of names matching/],
    ["httpQueryStrings", '["a","a"]', /must not repeat a name/],
    ["httpTimeoutMs", "30000", /"passthrough-api:httpTimeoutMs" must be an integer from 50 to 29000, got "30000"/],
    ["httpTimeoutMs", "1.5", /must be an integer/],
    ["throttlingRateLimit", "0", /"passthrough-api:throttlingRateLimit" must be an integer from 1/],
    ["logRetentionDays", "10", /"passthrough-api:logRetentionDays" must be one of 1, 3, 5, 7, 14/],
    ["accessLogs", "yes", /"passthrough-api:accessLogs" must be true or false, got "yes"/],
    ["lambdaTimeoutSeconds", "29", /"passthrough-api:lambdaTimeoutSeconds" must be an integer from 1 to 28/],
    ["lambdaMemoryMb", "64", /"passthrough-api:lambdaMemoryMb" must be an integer from 128 to 10240/],
    ["authorizer", "lambda", /"passthrough-api:authorizer" must be one of none, token, request, got "lambda"/],
    ["authorizerCacheTtlSeconds", "3601", /"passthrough-api:authorizerCacheTtlSeconds" must be an integer from 0 to 3600, got "3601"/],
    ["authorizerValidationExpression", "^(unclosed", /"passthrough-api:authorizerValidationExpression" must be a regular expression/],
    ["corsAllowOrigins", "https://a.example", /"passthrough-api:corsAllowOrigins" must be a list of origins, got "https:\/\/a.example"/],
    ["corsAllowOrigins", '["https://a.example/app"]', /"passthrough-api:corsAllowOrigins" must hold origins such as/],
  ];
  for (const [key, value, message] of rejected) {
    it(`rejects ${key} = ${JSON.stringify(value)} with a message naming the key`, () => {
      expect(problemOf({ [key]: value })).to.match(message);
    });
  }

  it("names a missing key", () => {
    expect(problemOf({ stageName: undefined })).to.match(/"passthrough-api:stageName" is missing/);
  });

  it("rejects the same base path for both routes", () => {
    expect(problemOf({ httpBasePath: "lambda" })).to.match(/"passthrough-api:httpBasePath" must differ from lambdaBasePath/);
  });

  describe("authorizer keys, checked against the authorizer type", () => {
    const token = { authorizer: "token" };
    const request = { authorizer: "request" };
    const cases: [string, Record<string, string>, RegExp][] = [
      ["a token authorizer reads exactly one header", { ...token, authorizerIdentitySource: "method.request.querystring.token" },
        /"passthrough-api:authorizerIdentitySource" must be one header, "method.request.header.<Name>", for a token authorizer, got "method.request.querystring.token"/],
      ["a token authorizer refuses a list", { ...token, authorizerIdentitySource: "method.request.header.A,method.request.header.B" },
        /"passthrough-api:authorizerIdentitySource" must be one header/],
      ["a request authorizer's sources are headers, query strings, stage variables or context values", { ...request, authorizerIdentitySource: "method.request.path.id" },
        /"passthrough-api:authorizerIdentitySource" must be a comma-separated list of method.request.header.<Name>/],
      ["a cached request authorizer needs a source to key its cache", { ...request, authorizerIdentitySource: " " },
        /"passthrough-api:authorizerIdentitySource" must name at least one source \(the cache is keyed by it\)/],
      ["the validation expression is for token authorizers", { ...request, authorizerValidationExpression: "^allow$" },
        /"passthrough-api:authorizerValidationExpression" applies to a token authorizer only/],
    ];
    for (const [rule, overrides, message] of cases) {
      it(`rejects what breaks the rule: ${rule}`, () => {
        expect(problemOf(overrides)).to.match(message);
      });
    }

    it("accepts a request authorizer reading a header, a query string, a stage variable and a context value", () => {
      const sources = "method.request.header.Authorization, method.request.querystring.tenant,stageVariables.realm,context.sourceIp";
      expect(parse({ ...request, authorizerIdentitySource: sources })).to.include({ authorizer: "request", authorizerIdentitySource: sources });
    });

    it("accepts a token authorizer with a validation expression, and a cache TTL of 0", () => {
      const config = parse({ ...token, authorizerValidationExpression: "^(allow|deny)$", authorizerCacheTtlSeconds: "0" });
      expect(config).to.include({ authorizer: "token", authorizerValidationExpression: "^(allow|deny)$", authorizerCacheTtlSeconds: 0 });
    });

    it("leaves the authorizer keys alone when there is no authorizer", () => {
      expect(parse({ authorizerIdentitySource: "method.request.querystring.x" }).authorizer).to.equal("none");
    });

    it("takes a validation expression the CLI left out as none", () => {
      expect(parse({ authorizerValidationExpression: undefined }).authorizerValidationExpression).to.equal("");
    });
  });

  it("reports every bad key in one error", () => {
    const message = problemOf({ stageName: "a b", httpTimeoutMs: "10", accessLogs: "1" });
    expect(message.split("\n").filter((line) => line.startsWith("  - "))).to.have.length(3);
  });
});
