/**
 * `npm start` as a user runs it, on a copy of the fixture project: it serves, reloads when a file is saved,
 * keeps serving through a broken save, and starts from the cache the next time. Waiting for a reload means
 * waiting for what it prints or serves, with the test's timeout as the bound.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { expect } from "chai";
import got from "got";
import * as path from "node:path";
import { copyProject, type ProjectCopy } from "../support/project-copy.ts";
import { projectDir } from "../support/stack-config.ts";

const fixture = path.join(projectDir, "tests", "fixtures", "gateway", "devloop");
const SERVE = path.join(projectDir, "gateway", "cli", "serve.ts");

interface Serving {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything printed so far. */
  output(): string;
  /** Resolves once the output contains `text` after what was printed when it was called. */
  printed(text: string): Promise<void>;
  stop(): Promise<number | null>;
}

async function serve(project: ProjectCopy, ...flags: string[]): Promise<Serving> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVE, "--project", project.dir, "--stack", "test", "--port", "0", "--echo-endpoint", "stack", ...flags], {
    cwd: projectDir, stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: { from: number; text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      if (output.indexOf(waiter.text, waiter.from) !== -1) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const printed = (text: string, from = output.length) => new Promise<void>((resolve) => {
    waiters.push({ from, text, resolve });
    onData(Buffer.alloc(0));
  });
  await Promise.race([printed("Serving stage", 0), exited.then((code) => Promise.reject(new Error(`npm start exited ${code}:\n${output}`)))]);
  const url = /at (http:\/\/127\.0\.0\.1:\d+\/test)/.exec(output)?.[1];
  if (url === undefined) throw new Error(`expected the URL in the output; got:\n${output}`);
  return {
    child, url, printed, output: () => output,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

async function greet(url: string): Promise<Record<string, unknown>> {
  return got.post(`${url}/hello/you`, { json: {}, retry: { limit: 0 } }).json<Record<string, unknown>>();
}

describe("npm start (gateway/cli/serve.ts)", function () {
  this.timeout(120_000);
  let project: ProjectCopy;
  let serving: Serving | undefined;
  before(async () => {
    project = await copyProject(fixture);
  });
  afterEach(async () => {
    await serving?.stop();
    serving = undefined;
  });
  after(() => project?.remove());

  it("serves, shows a saved template change in the next responses, and keeps serving through a broken component", async () => {
    serving = await serve(project);
    expect(serving.output()).to.include("from a fresh run of the program");
    expect(serving.output()).to.include("Watching the API's sources");
    expect(await greet(serving.url)).to.have.property("message", "hi, you");

    const reloaded = serving.printed("Reloaded");
    await project.replace("templates/response.vtl", '"message"', '"saved"');
    await reloaded;
    expect(await greet(serving.url)).to.have.property("saved", "hi, you");

    const failed = serving.printed("Reload failed (greeting-api.ts changed); still serving the previous API:");
    await project.replace("greeting-api.ts", "const parent = { parent: this };", "const parent = { parent: this } +;");
    await failed;
    expect(serving.output()).to.match(/greeting-api\.ts:\d+:\d+: ERROR/);
    expect(await greet(serving.url)).to.have.property("saved", "hi, you");

    const fixed = serving.printed("Sources are back to those of the served API");
    await project.replace("greeting-api.ts", "const parent = { parent: this } +;", "const parent = { parent: this };");
    await fixed;
    expect(await serving.stop()).to.equal(0);
  });

  it("starts from the cached run when nothing changed since, and watches nothing with --no-watch", async () => {
    serving = await serve(project, "--no-watch");
    expect(serving.output()).to.include("from the cached run of the program");
    expect(serving.output()).not.to.include("Watching");
    expect(await greet(serving.url)).to.have.property("saved", "hi, you");
  });
});
