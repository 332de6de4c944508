/**
 * Loads the pack the way `pulumi preview --policy-pack policy` does: the CLI's analyzer script runs
 * `node <@pulumi/pulumi>/cmd/run-policy-pack <engine> .` in the pack's directory, the pack prints the
 * port of its Analyzer gRPC server, and the CLI calls it. Here the test is the CLI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb.js";
import analyzerProto from "@pulumi/pulumi/proto/analyzer_pb.js";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb.js";
import emptyproto from "google-protobuf/google/protobuf/empty_pb.js";
import structproto from "google-protobuf/google/protobuf/struct_pb.js";
import { expect } from "chai";
import { TYPES } from "../../policy/rules/index.ts";

const policyDir = fileURLToPath(new URL("../../policy/", import.meta.url));

/** Starts the pack as the CLI would; resolves with the analyzer's port once the pack prints it. */
function startPack(): Promise<{ child: ChildProcess; port: number }> {
  // Resolved from the pack's directory, as the CLI's analyzer script does.
  const runner = createRequire(`${policyDir}package.json`).resolve("@pulumi/pulumi/cmd/run-policy-pack");
  // No engine listens on port 1; the runner only calls it to log, which a healthy pack does not do.
  const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: policyDir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /^(\d+)\s*$/m.exec(output);
      if (port) resolve({ child, port: Number(port[1]) });
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`expected the pack to print its port; got exit ${code}:\n${output}`)));
  });
}

function analyzerInfo(client: AnalyzerClient): Promise<analyzerProto.AnalyzerInfo> {
  return new Promise((resolve, reject) =>
    client.getAnalyzerInfo(new emptyproto.Empty(), (err, info) => (err ? reject(err) : resolve(info))));
}

async function diagnostics(client: AnalyzerClient, request: analyzerProto.AnalyzeRequest): Promise<analyzerProto.AnalyzeDiagnostic[]> {
  const response = await new Promise<analyzerProto.AnalyzeResponse>((resolve, reject) =>
    client.analyze(request, (err, resp) => (err ? reject(err) : resolve(resp))));
  return response.getDiagnosticsList();
}

function analyzeRequest(type: string, name: string, props: Record<string, unknown>): analyzerProto.AnalyzeRequest {
  const request = new analyzerProto.AnalyzeRequest();
  request.setType(type);
  request.setName(name);
  request.setUrn(`urn:pulumi:dev::passthrough-api::${type}::${name}`);
  request.setProperties(structproto.Struct.fromJavaScript(props as Record<string, structproto.JavaScriptValue>));
  request.setOptions(new analyzerProto.AnalyzerResourceOptions());
  return request;
}

describe("the policy pack, loaded as the CLI loads it", function () {
  this.timeout(60_000);
  let pack: { child: ChildProcess; port: number };
  let client: AnalyzerClient;

  before(async () => {
    pack = await startPack();
    client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    pack?.child.kill();
  });

  it("names the pack and its six mandatory policies", async () => {
    const info = await analyzerInfo(client);
    expect(info.getName()).to.equal("passthrough-api-guardrails");
    const policies = info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]);
    expect(policies).to.have.deep.members([
      ["lambda-permission-scoped-to-one-api", analyzerProto.EnforcementLevel.MANDATORY],
      ["authorizer-permission-names-one-authorizer", analyzerProto.EnforcementLevel.MANDATORY],
      ["integrations-are-custom", analyzerProto.EnforcementLevel.MANDATORY],
      ["http-integrations-use-https", analyzerProto.EnforcementLevel.MANDATORY],
      ["stages-are-throttled", analyzerProto.EnforcementLevel.MANDATORY],
      ["no-wildcard-iam-actions", analyzerProto.EnforcementLevel.MANDATORY],
    ]);
  });

  it("reports an unscoped Lambda permission as a mandatory violation", async () => {
    const request = analyzeRequest(TYPES.lambdaPermission, "lambda-invoke", { principal: "apigateway.amazonaws.com", sourceArn: "*" });
    const reported = await diagnostics(client, request);
    expect(reported.map((d) => [d.getPolicyname(), d.getEnforcementlevel()])).to.deep.equal([
      ["lambda-permission-scoped-to-one-api", analyzerProto.EnforcementLevel.MANDATORY],
    ]);
    expect(reported[0].getMessage()).to.include('got "*"');
  });

  it("passes this project's Lambda permission", async () => {
    const sourceArn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/lambda/*";
    const request = analyzeRequest(TYPES.lambdaPermission, "lambda-invoke", { principal: "apigateway.amazonaws.com", sourceArn });
    expect(await diagnostics(client, request)).to.deep.equal([]);
  });
});
