import { expect } from "chai";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/engine/001.one_resource", import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function preview(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "engine/cli/preview.ts", ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : Number(err.code), stdout, stderr });
    });
  });
}

describe("engine/cli/preview", function () {
  this.timeout(60_000);

  it("prints the resource tree with key inputs, then the stack outputs", async () => {
    const { code, stdout } = await preview("--cwd", FIXTURE, "--stack", "test");
    expect(code).to.equal(0);
    expect(stdout).to.match(/ \+ {3}└─ aws:apigateway:RestApi\s+api\s+create\n {5} {7}name: "api-[0-9a-f]{7}"/);
    expect(stdout).to.contain('    greeting:     "hi from the stack file"');
    expect(stdout).to.contain("Resources:\n    + 2 to create");
  });

  it("WHEN the stack does not exist THEN it prints one line on stderr and exits 1", async () => {
    const { code, stdout, stderr } = await preview("--cwd", FIXTURE, "--stack", "missing");
    expect(code).to.equal(1);
    expect(stdout).to.equal("");
    expect(stderr).to.match(/^error: no stack named "missing": .*Pulumi\.missing\.yaml does not exist\n$/);
  });
});
