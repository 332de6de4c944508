import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadLocalApi } from "../../gateway/local-api.ts";
import { projectDir } from "../support/stack-config.ts";

const surfaceDir = path.join(projectDir, "tests", "fixtures", "gateway", "surface");
const SERVE = path.join(projectDir, "gateway", "cli", "serve.ts");

/** A Pulumi program outside this project, with no packages of its own installed. */
function writeProgram(dir: string, program: string): void {
  writeFileSync(path.join(dir, "Pulumi.yaml"), "name: outside\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n    nodeargs: \"--import tsx\"\n");
  writeFileSync(path.join(dir, "Pulumi.test.yaml"), "config:\n  aws:region: us-west-2\n");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "outside", type: "module", main: "index.ts" }));
  writeFileSync(path.join(dir, "index.ts"), program);
}

const PING_API = `import * as aws from "@pulumi/aws";
const api = new aws.apigateway.RestApi("pings", {});
const target = { restApi: api.id, resourceId: api.rootResourceId, httpMethod: "GET" };
const method = new aws.apigateway.Method("ping", { ...target, authorization: "NONE" });
const integration = new aws.apigateway.Integration("ping", { ...target, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, { dependsOn: [method] });
const response = new aws.apigateway.MethodResponse("ping", { ...target, statusCode: "200" }, { dependsOn: [method] });
new aws.apigateway.IntegrationResponse("ping", { ...target, statusCode: "200", responseTemplates: { "application/json": '{"pong": true}' } }, { dependsOn: [integration, response] });
const deployment = new aws.apigateway.Deployment("pings", { restApi: api.id }, { dependsOn: [integration] });
new aws.apigateway.Stage("pings", { restApi: api.id, deployment: deployment.id, stageName: "v1" });
`;

/** `npm start` with these arguments, until it prints its banner (resolves the output) or exits (resolves its exit code and stderr). */
function serve(...args: string[]): Promise<{ banner: string } | { code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVE, "--port", "0", "--no-watch", "--no-console", "--no-cache", ...args], { cwd: projectDir });
  let stdout = "";
  let stderr = "";
  return new Promise((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/^Serving /m.test(stdout) && stdout.includes("\n", stdout.indexOf("Serving "))) {
        child.kill();
        resolve({ banner: stdout });
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

describe("the local gateway on any Pulumi program (--project, --api)", function () {
  this.timeout(120_000);
  let outside: string;
  let noApi: string;
  before(() => {
    outside = mkdtempSync(path.join(tmpdir(), "outside-program-"));
    writeProgram(outside, PING_API);
    noApi = mkdtempSync(path.join(tmpdir(), "no-api-program-"));
    writeProgram(noApi, 'import * as aws from "@pulumi/aws";\nnew aws.sns.Topic("alerts", {});\n');
  });
  after(() => {
    for (const dir of [outside, noApi]) rmSync(dir, { recursive: true, force: true });
  });

  it("serves a program outside this project that installed no packages, on this project's packages", async () => {
    const api = await loadLocalApi({ projectDir: outside, stack: "test" });
    try {
      const record = await api.gateway.handle({ method: "GET", url: "/v1", rawHeaders: [], body: Buffer.alloc(0), sourceIp: "127.0.0.1", localPort: 80 });
      expect([record.response.status, record.response.body]).to.deep.equal([200, '{"pong": true}']);
      expect(api.echo, "it declares no echoEndpoint, so no echo is started for it").to.equal(undefined);
    } finally {
      await api.close();
    }
  });

  it("stops with one line and exit code 1 for a program that declares no REST API", async () => {
    const result = await serve("--project", noApi, "--stack", "test");
    expect(result).to.deep.equal({ code: 1, stderr: "local gateway: the program declares no REST API (aws.apigateway.RestApi)\n" });
  });

  it("stops with one line listing the APIs when a program declares several and --api names none", async () => {
    const result = await serve("--project", surfaceDir, "--stack", "test");
    expect(result).to.deep.equal({ code: 1, stderr: 'local gateway: the program declares 2 REST APIs ("other", "surface"); choose one with --api <name>\n' });
  });

  it("serves the API --api names, and its banner lists the others", async () => {
    const result = await serve("--project", surfaceDir, "--stack", "test", "--api", "other");
    expect(result).to.have.property("banner").that.matches(/Serving stage "v1" of REST API "other" /)
      .and.include('The program also declares "surface" (--api <name> to serve another)');
  });

  it("test-invoke and render take --project, --stack and --api", () => {
    const run = (script: string, ...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", `gateway/cli/${script}.ts`, ...args], { cwd: projectDir, encoding: "utf8" });
    const invoked = run("test-invoke", "--project", surfaceDir, "--stack", "test", "--api", "other", "GET", "/ping");
    expect(invoked.status, invoked.stderr).to.equal(0);
    expect(invoked.stdout).to.include("Status: 200\n").and.include('Response body: {"pong": true}');
    const rendered = run("render", "--project", surfaceDir, "--stack", "test", "--api", "surface", "--route", "GET /health");
    expect(rendered.status, rendered.stderr).to.equal(0);
    expect(rendered.stdout).to.equal('{"statusCode": 200}');
  });
});
