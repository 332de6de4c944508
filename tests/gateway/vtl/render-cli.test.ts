import { expect } from "chai";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

function renderCli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ["--import", "tsx", "gateway/cli/render.ts", ...args], { cwd: repositoryRoot, encoding: "utf8" });
}

describe("npm run render (gateway/cli/render.ts)", () => {
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "vtl-render-"));
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  function scratchFile(name: string, content: string): string {
    const file = join(scratch, name);
    writeFileSync(file, content);
    return file;
  }

  it("makes the method request as the gateway does: the headers API Gateway drops dropped, its forwarding and trace headers added", () => {
    const template = scratchFile("headers.vtl", "#foreach($name in $input.params().header.keySet())$name=$input.params().header.get($name);#end");
    const request = scratchFile("headers.json", JSON.stringify({
      path: "/dev/x", headers: { "Content-Length": ["2"], Connection: ["close"], "X-Custom": ["v"], Host: ["127.0.0.1:3000"] },
      body: "{}", context: { identity: { sourceIp: "10.0.0.9" }, requestId: "11111111-2222-3333-4444-555555555555", requestTimeEpoch: 1700000000000 },
    }));
    const result = renderCli("--template", template, "--request", request);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.equal("X-Custom=v;Host=127.0.0.1:3000;X-Forwarded-For=10.0.0.9;X-Forwarded-Port=3000;X-Forwarded-Proto=http;" +
      "X-Amzn-Trace-Id=Root=1-6553f100-222233334444555555555555;");
  });

  it("a Host without a port stands for the deployed API: X-Forwarded-Port 443 and X-Forwarded-Proto https", () => {
    const template = scratchFile("forwarded.vtl", "$input.params('X-Forwarded-Port') $input.params('X-Forwarded-Proto')");
    const request = scratchFile("forwarded.json", JSON.stringify({ path: "/dev/x", headers: { Host: ["abcdef1234.execute-api.eu-west-1.amazonaws.com"] } }));
    const result = renderCli("--template", template, "--request", request);
    expect([result.stdout, result.stderr]).to.deep.equal(["443 https", ""]);
  });

  it("--template templates/passthrough.vtl --request examples/requests/seed-request.json prints the seed event", () => {
    const result = renderCli("--template", "templates/passthrough.vtl", "--request", "examples/requests/seed-request.json");
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.equal("");
    const event = JSON.parse(result.stdout) as { method: string; params: { path: unknown; querystring: unknown } };
    expect(event.method).to.equal("POST");
    expect(event.params.path).to.deep.equal({ proxy: "path1/path2" });
    expect(event.params.querystring).to.deep.equal({ query1: "querystring1", query2: "querystring2" });
  });

  it("prints only the rendered text, without a trailing newline", () => {
    const template = scratchFile("ctx.vtl", "$context.httpMethod $context.stage $context.resourcePath $input.params('q') $stageVariables.v $context.requestId");
    const requestFile = scratchFile("req.json", JSON.stringify({
      method: "get",
      path: "/prod/items/1?q=found",
      stageVariables: { v: "sv" },
      context: { stage: "prod", requestId: "fixed-id" },
    }));
    const result = renderCli("--template", template, "--request", requestFile);
    expect(result.stdout).to.equal("GET prod /items/1 found sv fixed-id");
  });

  it("renders with defaults when --request is omitted", () => {
    const result = renderCli("--template", scratchFile("defaults.vtl", "$context.httpMethod $context.stage $input.body"));
    expect(result.stdout).to.equal("POST dev {}");
  });

  it("a template parse error exits 1 with one line on stderr naming the file, line and column", () => {
    const template = scratchFile("bad.vtl", "{\n#foreach($x)#end\n}");
    const result = renderCli("--template", template);
    expect(result.status).to.equal(1);
    expect(result.stdout).to.equal("");
    expect(result.stderr).to.equal(`render: ${template}: mapping template parse error at line 2, column 12: unexpected ')', expecting IN\n`);
  });

  it("a missing template file exits 1 with a one-line message", () => {
    const result = renderCli("--template", "does-not-exist.vtl");
    expect(result.status).to.equal(1);
    expect(result.stderr).to.equal('render: cannot read --template "does-not-exist.vtl": no such file\n');
  });

  it("a request file that is not JSON exits 1 with a one-line message", () => {
    const requestFile = scratchFile("broken.json", "{ not json");
    const result = renderCli("--template", "templates/passthrough.vtl", "--request", requestFile);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/^render: --request ".*broken\.json" is not valid JSON: .+\n$/);
    expect(result.stderr.trim().split("\n")).to.have.length(1);
  });

  it("a request field of the wrong type exits 1 naming the field", () => {
    const requestFile = scratchFile("wrong.json", JSON.stringify({ headers: { Accept: [1] } }));
    const result = renderCli("--template", "templates/passthrough.vtl", "--request", requestFile);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.equal('render: request field "headers.Accept[0]" must be a string, got 1\n');
  });

  it("without --template or --route it exits 1 and prints the usage", () => {
    const result = renderCli();
    expect(result.status).to.equal(1);
    expect(result.stderr).to.equal("render: give either --template or --route; usage: npm run render -- (--template FILE | --route 'METHOD /path' " +
      "[--project DIR] [--stack NAME] [--api NAME]) [--request FILE]\n");
  });
});
