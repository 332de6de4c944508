/**
 * `scripts/stack.ts` end to end on this machine: once with no pulumi on PATH, and against a fake pulumi
 * CLI (tests/scripts/fixtures/fake-pulumi) that answers the Automation API's commands and records them.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { EXIT } from "../../scripts/stack-options.ts";

const projectDir = fileURLToPath(new URL("../../", import.meta.url));
const fakeCliDir = fileURLToPath(new URL("./fixtures/fake-pulumi/", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the script with the tsx CLI, as `npm run stack` does, in its own process group.
 * @param interruptOn once stdout contains this, delivers one Ctrl-C the way a terminal under `npm run`
 *   does: SIGINT to the whole process group, and npm's relayed SIGINT to its child.
 */
function runStackScript(args: string[], env: Record<string, string>, interruptOn?: string): Promise<Run> {
  const child = spawn(process.execPath, [tsxCli, "scripts/stack.ts", ...args], {
    cwd: projectDir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  let stdout = "";
  let stderr = "";
  let interrupted = false;
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
    if (interruptOn !== undefined && !interrupted && stdout.includes(interruptOn) && child.pid !== undefined) {
      interrupted = true;
      process.kill(-child.pid, "SIGINT");
      child.kill("SIGINT");
    }
  });
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run stack: without the pulumi CLI", function () {
  this.timeout(30_000);
  let emptyDir: string;
  before(async () => (emptyDir = await mkdtemp(join(tmpdir(), "no-pulumi-"))));
  after(() => rm(emptyDir, { recursive: true, force: true }));

  it("prints one line saying so and exits 3", async () => {
    const run = await runStackScript(["preview", "--stack", "dev"], { PATH: emptyDir });
    expect(run.code).to.equal(EXIT.cliMissing);
    expect(run.stdout).to.equal("");
    expect(run.stderr.trimEnd().split("\n")).to.have.length(1);
    expect(run.stderr).to.match(/^error: the pulumi CLI is not on PATH; install it/);
  });
});

describe("npm run stack: against a fake pulumi CLI", function () {
  this.timeout(60_000);
  let state: string;
  const env = (mode = "ok") => ({
    PATH: [fakeCliDir, dirname(process.execPath)].join(delimiter), FAKE_PULUMI_STATE: state, FAKE_PULUMI_MODE: mode,
  });
  /** The CLI commands run, in order, e.g. `["up start", "up exit 0", "cancel start"]`. */
  async function calls(): Promise<string[]> {
    const log = await readFile(join(state, "calls.log"), "utf8").catch(() => "");
    const lines: { start?: string[]; exit?: string; code?: number }[] = log.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
    const command = (args: string[]) => (args[0] === "stack" ? `stack ${args[1]}` : args[0]);
    return lines.filter((l) => l.start?.[0] !== "version" && l.exit !== "version")
      .map((l) => (l.start ? `${command(l.start)} start` : `${l.exit} exit ${l.code}`));
  }

  beforeEach(async () => (state = await mkdtemp(join(tmpdir(), "fake-pulumi-"))));
  afterEach(() => rm(state, { recursive: true, force: true }));

  it("previews: streams the engine output, draws progress on stderr, ends with the summary, passes policy packs", async () => {
    const run = await runStackScript(["preview", "--stack", "dev", "--policy-pack", "policy"], env());
    expect(run.code).to.equal(EXIT.ok);
    expect(run.stdout).to.match(/^Previewing update \(dev\):\n(.*\n)*preview: 3 to create\n$/);
    expect(run.stderr).to.match(/^\[\d\/\d\] creating pulumi:pulumi:Stack passthrough-api$/m);
    const log = await readFile(join(state, "calls.log"), "utf8");
    expect(log).to.include('"--policy-pack","policy"');
  });

  it("refuses up without --yes when not on a terminal, before running anything", async () => {
    const run = await runStackScript(["up", "--stack", "dev"], env());
    expect(run.code).to.equal(EXIT.usage);
    expect(run.stderr).to.equal("error: up changes cloud resources; pass --yes to run it without a terminal\n");
    expect((await calls()).filter((c) => c.startsWith("up"))).to.deep.equal([]);
  });

  it("runs up with --yes, creating the stack, and prints the changes and outputs", async () => {
    const run = await runStackScript(["up", "--stack", "dev", "--yes"], env());
    expect(run.code).to.equal(EXIT.ok);
    expect(run.stdout).to.include('up: 3 created\noutputs: {\n  "invokeUrl": "https://fake.execute-api.us-east-1.amazonaws.com/dev"\n}\n');
    expect(await calls()).to.include.members(["stack init start", "up exit 0"]);
  });

  for (const [mode, args, code, line] of [
    ["fail", ["up", "--stack", "dev", "--yes"], EXIT.failed, 'up failed on stack "dev"; the engine output above says why'],
    ["locked", ["preview", "--stack", "dev"], EXIT.locked, 'preview failed: stack "dev" is locked by another update'],
  ] as const) {
    it(`exits ${code} when the CLI reports ${mode === "fail" ? "a failed operation" : "a locked stack"}`, async () => {
      const run = await runStackScript([...args], env(mode));
      expect(run.code).to.equal(code);
      expect(run.stderr).to.include(line);
    });
  }

  it("exits 2 for destroy on a stack the backend does not have, without creating it", async () => {
    const run = await runStackScript(["destroy", "--stack", "prod", "--yes"], env());
    expect(run.code).to.equal(EXIT.usage);
    expect(run.stderr).to.equal('stack "prod" does not exist yet; `npm run stack -- up --stack prod` creates it\n');
    expect(await calls()).to.not.include("stack init start");
  });

  it("on one Ctrl-C (delivered several times), stops the engine, then calls cancel once, and exits 130", async () => {
    const run = await runStackScript(["up", "--stack", "dev", "--yes"], env("hang"), "Updating (dev):");
    expect(run.code).to.equal(EXIT.cancelled);
    expect(run.stderr).to.include('up cancelled on stack "dev"');
    const order = await calls();
    expect(order.slice(order.indexOf("up start"))).to.deep.equal(["up start", "up exit 255", "cancel start", "cancel exit 0"]);
  });
});
