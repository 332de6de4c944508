import { expect } from "chai";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatTestInvokeReport, resolveTestPath, type TestInvocation } from "../../gateway/test-invoke-report.ts";
import type { ExecutionRecord } from "../../gateway/types.ts";
import { compileTemplate } from "../../gateway/vtl/compile.ts";
import { buildTemplateContext } from "../../gateway/vtl/context.ts";
import { TemplateInput } from "../../gateway/vtl/input.ts";
import { templateUtil } from "../../gateway/vtl/util.ts";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The time stamp AWS puts before each execution log line. */
const STAMP = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : /;

const startedAt = new Date(Date.UTC(2024, 5, 1, 3, 4, 5));
const stamp = "Sat Jun 01 03:04:05 UTC 2024 : ";
const requestId = "11111111-2222-3333-4444-555555555555";
const request = { method: "POST", url: "/dev/lambda/a/b?x=1&x=2", rawHeaders: [], body: Buffer.from('{"k":1}'), sourceIp: "test-invoke-source-ip", localPort: 443 };

/** A Lambda test invocation that went through every stage. */
function completedRecord(): ExecutionRecord {
  const endpointRequest = { method: "POST", url: "https://lambda.example/invocations", headers: { "X-Amz-Invocation-Type": "RequestResponse" }, body: '{"k":1}' };
  return {
    requestId, request, requestTime: startedAt, method: "POST", path: "/dev/lambda/a/b", resourcePath: "/lambda/{proxy+}",
    methodRequest: { body: '{"k":1}', pathParameters: { proxy: "a/b" }, query: { x: ["1", "2"] }, headers: { h: ["v1", "v2"], "Content-Type": ["application/json"] } },
    endpointRequest,
    integrationResult: { endpointRequest, status: 200, headers: { "Content-Type": "application/json" }, body: '{"ok":true}', selectionValue: "" },
    response: { status: 200, headers: { "Content-Type": "application/json", "x-amzn-RequestId": requestId }, body: '{"ok":true}' },
    latencyMs: 12.4, integrationLatencyMs: 7.6,
  };
}

function failedRecord(status: number, errorType: string, message: string, failure: string, gatewayResponseType?: string): ExecutionRecord {
  return {
    requestId, request: { ...request, url: "/dev/nowhere" }, requestTime: startedAt, method: "POST", path: "/dev/nowhere",
    response: { status, headers: { "Content-Type": "application/json", "x-amzn-ErrorType": errorType }, body: JSON.stringify({ message }) },
    latencyMs: 0.6, failure, gatewayResponseType,
  };
}

function report(record: ExecutionRecord, pathWithQueryString = "/lambda/a/b?x=1&x=2"): string {
  const invocation: TestInvocation = { pathWithQueryString, record, startedAt };
  return formatTestInvokeReport(invocation);
}

describe("test-invoke report (gateway/test-invoke-report.ts)", () => {
  it("prints the console's summary, then AWS's execution log lines in order, stamped with the start time in UTC", () => {
    expect(report(completedRecord())).to.equal([
      "Request: /lambda/a/b?x=1&x=2",
      "Resource: /lambda/{proxy+}",
      "Status: 200",
      "Latency: 12 ms",
      'Response body: {"ok":true}',
      `Response headers: {Content-Type=application/json, x-amzn-RequestId=${requestId}}`,
      "Log:",
      `Execution log for request ${requestId}`,
      `${stamp}Starting execution for request: ${requestId}`,
      `${stamp}HTTP Method: POST, Resource Path: /lambda/a/b`,
      `${stamp}Method request path: {proxy=a/b}`,
      `${stamp}Method request query string: {x=2}`,
      `${stamp}Method request headers: {h=v1,v2, Content-Type=application/json}`,
      `${stamp}Method request body before transformations: {"k":1}`,
      `${stamp}Endpoint request URI: https://lambda.example/invocations`,
      `${stamp}Endpoint request headers: {X-Amz-Invocation-Type=RequestResponse}`,
      `${stamp}Endpoint request body after transformations: {"k":1}`,
      `${stamp}Sending request to https://lambda.example/invocations`,
      `${stamp}Received response. Status: 200, Integration latency: 8 ms`,
      `${stamp}Endpoint response headers: {Content-Type=application/json}`,
      `${stamp}Endpoint response body before transformations: {"ok":true}`,
      `${stamp}Method response body after transformations: {"ok":true}`,
      `${stamp}Method response headers: {Content-Type=application/json, x-amzn-RequestId=${requestId}}`,
      `${stamp}Successfully completed execution`,
      `${stamp}Method completed with status: 200`,
      "",
    ].join("\n"));
  });

  it("reports a gateway response with its failure reason and type instead of a method response", () => {
    const text = report(failedRecord(403, "MissingAuthenticationTokenException", "Missing Authentication Token", "no POST method at /dev/nowhere", "MISSING_AUTHENTICATION_TOKEN"), "/nowhere");
    expect(text).to.include('Status: 403\nLatency: 1 ms\nResponse body: {"message":"Missing Authentication Token"}\n');
    expect(text).to.not.include("Resource:");
    expect(text).to.include([
      `${stamp}HTTP Method: POST, Resource Path: /nowhere`,
      `${stamp}Execution failed: no POST method at /dev/nowhere`,
      `${stamp}Gateway response type: MISSING_AUTHENTICATION_TOKEN with status code: 403`,
      `${stamp}Method completed with status: 403`,
    ].join("\n"));
    expect(text).to.not.match(/Method request|Endpoint request|Successfully completed/);
  });

  it("keeps AWS's own wording of a failure and falls back to DEFAULT_5XX for other 5xx errors", () => {
    const failure = "Execution failed due to configuration error: Invalid endpoint address (connect ECONNREFUSED)";
    const text = report(failedRecord(500, "InternalServerErrorException", "Internal server error", failure));
    expect(text).to.include(`${stamp}${failure}\n${stamp}Gateway response type: DEFAULT_5XX with status code: 500\n`);
  });

  it("names 4xx errors without a type of their own DEFAULT_4XX", () => {
    const text = report(failedRecord(400, "BadRequestException", "Bad Request", "malformed percent-encoding in path /dev/%zz"));
    expect(text).to.include("Gateway response type: DEFAULT_4XX with status code: 400");
  });

  describe("a method behind a Lambda authorizer", () => {
    const authorizerRequest = { method: "POST", url: "https://lambda.example/authorizer/invocations", headers: {}, body: '{"type":"TOKEN"}' };
    const authorizer = {
      name: "auth", type: "TOKEN" as const, cache: "miss" as const, decision: "allow" as const, detail: "an Allow statement matches arn",
      principalId: "me", endpointRequest: authorizerRequest, resultBody: '{"principalId":"me"}', latencyMs: 3.2,
    };

    it("logs the authorizer's call, result and decision between the method request and the integration's endpoint request", () => {
      const text = report({ ...completedRecord(), authorizer });
      expect(text).to.include([
        `${stamp}Method request body before transformations: {"k":1}`,
        `${stamp}Starting authorizer: auth`,
        `${stamp}Endpoint request URI: https://lambda.example/authorizer/invocations`,
        `${stamp}Endpoint request headers: {}`,
        `${stamp}Endpoint request body after transformations: {"type":"TOKEN"}`,
        `${stamp}Sending request to https://lambda.example/authorizer/invocations`,
        `${stamp}Authorizer result body before parsing: {"principalId":"me"}`,
        `${stamp}Authorizer decision: allow (an Allow statement matches arn), cache: miss, principal: me`,
        `${stamp}Using valid authorizer policy for principal: me`,
        `${stamp}Successfully completed authorizer execution`,
        `${stamp}Authorizer latency: 3 ms`,
        `${stamp}Endpoint request URI: https://lambda.example/invocations`,
      ].join("\n"));
    });

    it("says a cached result decided without calling the function, and names a denial's gateway response", () => {
      const denied = { ...authorizer, cache: "hit" as const, decision: "implicit deny" as const, detail: "no Allow statement matches arn", endpointRequest: undefined, resultBody: undefined };
      const failed = failedRecord(403, "AccessDeniedException", "x", "authorizer auth: no Allow statement matches arn", "ACCESS_DENIED");
      const text = report({ ...failed, methodRequest: completedRecord().methodRequest, authorizer: denied });
      expect(text).to.include(`${stamp}Using the cached authorizer result, the function was not called\n${stamp}Authorizer decision: implicit deny`);
      expect(text).to.include(`${stamp}The client is not authorized to perform this operation.`);
      expect(text).to.include("Gateway response type: ACCESS_DENIED with status code: 403");
      expect(text).to.not.include("Endpoint request URI");
    });
  });

  it("prints a multi-line body as is, the way AWS's log does", () => {
    const record = { ...completedRecord(), response: { status: 200, headers: {}, body: "{\n  \"a\": 1\n}" } };
    expect(report(record)).to.include(`${stamp}Method response body after transformations: {\n  "a": 1\n}\n${stamp}Method response headers: {}\n`);
  });
});

describe("resolveTestPath", () => {
  const cases: [string, string, string][] = [
    ["/lambda/a?x=1", "/dev/lambda/a?x=1", "/lambda/a?x=1"],
    ["/dev/lambda/a?x=1", "/dev/lambda/a?x=1", "/lambda/a?x=1"],
    ["/dev", "/dev", "/"],
    ["/dev?x=1", "/dev?x=1", "/?x=1"],
    ["/", "/dev/", "/"],
    ["/devices/a", "/dev/devices/a", "/devices/a"],
  ];
  for (const [path, url, pathWithQueryString] of cases) {
    it(`sends "${path}" as "${url}" on stage dev and reports it as "${pathWithQueryString}"`, () => {
      expect(resolveTestPath(path, "dev")).to.deep.equal({ url, pathWithQueryString });
    });
  }
});

describe("npm run test-invoke (gateway/cli/test-invoke.ts)", function () {
  // The CLI runs the Pulumi program and bundles the function before it can answer.
  this.timeout(90_000);

  function testInvoke(...args: string[]): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, ["--import", "tsx", "gateway/cli/test-invoke.ts", ...args], { cwd: projectRoot, encoding: "utf8", timeout: 80_000 });
  }

  describe("POST /lambda/path1/path2?query1=querystring1 with the seed headers and body", () => {
    let result: SpawnSyncReturns<string>;
    let log: string;

    before(() => {
      result = testInvoke("POST", "/lambda/path1/path2?query1=querystring1",
        "-H", "header1: value1", "-H", "Content-Type: application/json", "-d", '{"keybody":"valuebody"}');
      log = result.stdout.slice(result.stdout.indexOf("\nLog:\n") + 1);
    });

    it("exits 0 with the console's summary and AWS's log sections in pipeline order", () => {
      expect(result.status, `expected exit 0; got ${result.status}: ${result.stderr}`).to.equal(0);
      expect(result.stdout).to.match(/^Request: \/lambda\/path1\/path2\?query1=querystring1\nResource: \/lambda\/\{proxy\+\}\nStatus: 200\nLatency: \d+ ms\n/);
      const titles = [
        "Starting execution for request:", "HTTP Method: POST, Resource Path: /lambda/path1/path2",
        "Method request path: {proxy=path1/path2}", "Method request query string: {query1=querystring1}",
        "Method request headers: {header1=value1, Content-Type=application/json", 'Method request body before transformations: {"keybody":"valuebody"}',
        "Endpoint request URI: https://lambda.", "Endpoint request headers:", "Endpoint request body after transformations:",
        "Received response. Status: 200, Integration latency:", "Endpoint response body before transformations:",
        "Method response body after transformations:", "Method response headers:", "Successfully completed execution",
        "Method completed with status: 200",
      ];
      const positions = titles.map((title) => log.search(new RegExp(`^${STAMP.source.slice(1)}${escapeRegExp(title)}`, "m")));
      expect(positions, `expected every title once, in order; got positions ${positions.join(", ")}\n${log}`).to.deep.equal([...positions].sort((a, b) => a - b));
      expect(positions).to.not.include(-1);
    });

    it("shows as endpoint request body the passthrough template rendered for this method request", () => {
      const body = logValue(log, "Endpoint request body after transformations", "Sending request to");
      const headers = javaMapEntries(logValue(log, "Method request headers", "Method request body"));
      const expected = renderPassthrough({
        body: '{"keybody":"valuebody"}', pathParameters: { proxy: "path1/path2" }, query: { query1: ["querystring1"] },
        headers: Object.fromEntries(headers.map(([name, value]) => [name, [value]])),
      });
      expect(body).to.equal(expected);
      const event = JSON.parse(body) as { method: string; "body-json": unknown; params: { header: Record<string, string> } };
      expect(event.method).to.equal("POST");
      expect(event["body-json"]).to.deep.equal({ keybody: "valuebody" });
      expect(event.params.header).to.include({ header1: "value1", "Content-Type": "application/json" });
    });

    it("says between the summary and the log which templates and integration response were taken, and why", () => {
      const mapping = result.stdout.slice(result.stdout.indexOf("\nMapping:\n") + 1, result.stdout.indexOf("\nLog:\n"));
      expect(mapping).to.equal([
        "Mapping:",
        "Request template: application/json (the Content-Type's media type application/json has a template)",
        'Integration response: 200 (the default response: errorMessage "" matches no selection pattern)',
        "Response template: none (the integration response declares no template, so the body passes through)",
      ].join("\n"));
    });

    it("sends the function's logs to stderr, keeping stdout to the report", () => {
      const id = /^Execution log for request (\S+)$/m.exec(log)?.[1];
      expect(result.stderr).to.match(new RegExp(`\\t${id}\\tINFO\\t.*event: `));
      expect(result.stdout).to.not.include("\tINFO\t");
    });
  });

  it("exits 2 with one line on stderr for a PATH without a leading slash", () => {
    const result = testInvoke("POST", "lambda/path1");
    expect(result.status, `expected exit 2; got ${result.status}: ${result.stderr}`).to.equal(2);
    expect(result.stderr).to.equal('test-invoke: PATH must start with "/", got "lambda/path1"\n');
    expect(result.stdout).to.equal("");
  });
});

/** The value of a log line, up to the next stamped line that starts with `next`. */
function logValue(log: string, title: string, next: string): string {
  const start = new RegExp(`^${STAMP.source.slice(1)}${escapeRegExp(title)}: `, "m").exec(log);
  expect(start, `expected a "${title}" line`).to.not.equal(null);
  const from = start!.index + start![0].length;
  const end = new RegExp(`\\n${STAMP.source.slice(1)}${escapeRegExp(next)}`).exec(log.slice(from));
  expect(end, `expected a "${next}" line after "${title}"`).to.not.equal(null);
  return log.slice(from, from + end!.index);
}

/** `{a=1, b=c=d}` → `[["a", "1"], ["b", "c=d"]]` (values here hold no ", "). */
function javaMapEntries(text: string): [string, string][] {
  return text.slice(1, -1).split(", ").map((entry) => {
    const eq = entry.indexOf("=");
    return [entry.slice(0, eq), entry.slice(eq + 1)];
  });
}

function renderPassthrough(request: ConstructorParameters<typeof TemplateInput>[0]): string {
  const template = compileTemplate(readFileSync(new URL("../../templates/passthrough.vtl", import.meta.url), "utf8"));
  const context = buildTemplateContext({
    requestId, extendedRequestId: "x", httpMethod: "POST", resourcePath: "/lambda/{proxy+}", path: "/dev/lambda/path1/path2",
    stage: "dev", sourceIp: "test-invoke-source-ip", requestTime: startedAt, apiId: "a", accountId: "1", domainName: "d", resourceId: "r",
  });
  return template.render({ input: new TemplateInput(request), context, stageVariables: {}, util: templateUtil }).text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
