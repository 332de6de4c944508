import { expect } from "chai";
import { mkdir, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { ProgramRun } from "../../engine/program-run.ts";
import { snapshotSources } from "../../engine/program-sources.ts";
import type { RegisteredResource } from "../../engine/resource-monitor.ts";
import { RunCache, runKey, type CacheLookup, type RunKey } from "../../engine/run-cache.ts";
import { copyProject, type ProjectCopy } from "../support/project-copy.ts";
import { projectDir } from "../support/stack-config.ts";

const fixture = path.join(projectDir, "tests", "fixtures", "gateway", "devloop");
const CONFIG = { "aws:region": "eu-west-1", "devloop-fixture:greeting": "hi", "devloop-fixture:basePath": "hello" };

/** A function whose code is `codeDir`: the cache must also find that directory as the run left it. */
function functionResource(codeDir: string): RegisteredResource {
  return {
    urn: "urn:pulumi:test::devloop-fixture::aws:lambda/function:Function::greet", type: "aws:lambda/function:Function", name: "greet",
    custom: true, id: "greet-1234567", inputs: { code: { kind: "FileArchive", path: codeDir }, handler: "index.handler" },
    outputs: {}, secretOutputs: [], dependencies: [], propertyDependencies: {}, read: false,
  };
}

function expectMiss(lookup: CacheLookup, reason: RegExp): void {
  expect("miss" in lookup ? lookup.miss : "a hit", "expected a cache miss").to.match(reason);
}

describe("engine/run-cache", () => {
  let project: ProjectCopy;
  let cache: RunCache;
  let codeDir: string;
  let run: ProgramRun;

  const keyNow = async (config: Record<string, string> = CONFIG): Promise<RunKey> => runKey("test", config, await snapshotSources(project.dir));

  beforeEach(async () => {
    project = await copyProject(fixture);
    codeDir = path.join(project.dir, ".build", "greet");
    await mkdir(codeDir, { recursive: true });
    await writeFile(path.join(codeDir, "index.mjs"), "export const handler = async () => 'hi';");
    run = new ProgramRun(project.dir, "devloop-fixture", "test", [functionResource(codeDir)], [{ severity: "info", message: "ran" }], "out", "");
    cache = new RunCache(path.join(project.dir, ".build", "local-gateway", "test.json"));
    await cache.store(await keyNow(), run, ["/x/node_modules/@pulumi/pulumi/index.js"]);
  });
  afterEach(() => project.remove());

  it("finds the stored run again while nothing it depends on has changed", async () => {
    const lookup = await cache.lookup(await keyNow());
    if (!("hit" in lookup)) throw new Error(`expected a hit; got a miss: ${lookup.miss}`);
    expect(lookup.hit.run.resources).to.deep.equal(run.resources);
    expect(lookup.hit.run.diagnostics).to.deep.equal(run.diagnostics);
    expect(lookup.hit.run.projectDir).to.equal(project.dir);
    expect(lookup.hit.packageModules).to.deep.equal(["/x/node_modules/@pulumi/pulumi/index.js"]);
  });

  const inputs: [string, string][] = [
    ["the program", "index.ts"],
    ["a component", "greeting-api.ts"],
    ["a template", "templates/request.vtl"],
    ["a handler", "handlers/greet.ts"],
    ["Pulumi.yaml", "Pulumi.yaml"],
    ["the stack file", "Pulumi.test.yaml"],
    ["the lockfile", "package-lock.json"],
  ];
  for (const [what, file] of inputs) {
    it(`misses once ${what} (${file}) changes, naming it`, async () => {
      await project.write(file, `${await project.read(file)}\n`);
      expectMiss(await cache.lookup(await keyNow()), new RegExp(`changed: ${file.replace(".", "\\.")}`));
    });
  }

  it("misses once a new source file appears (a module a changed file may import)", async () => {
    await project.write("helpers.ts", "export const x = 1;");
    expectMiss(await cache.lookup(await keyNow()), /changed: helpers\.ts/);
  });

  it("misses when a config override differs (e.g. --echo-endpoint), naming the key", async () => {
    expectMiss(await cache.lookup(await keyNow({ ...CONFIG, "devloop-fixture:echoEndpoint": "http://127.0.0.1:1/anything" })),
      /config changed: devloop-fixture:echoEndpoint/);
  });

  it("misses when the function code the run left behind changed or is gone", async () => {
    await writeFile(path.join(codeDir, "index.mjs"), "export const handler = async () => 'changed';");
    expectMiss(await cache.lookup(await keyNow()), /\.build\/greet changed since the cached run/);
    await rm(codeDir, { recursive: true });
    expectMiss(await cache.lookup(await keyNow()), /\.build\/greet changed since the cached run/);
  });

  it("misses for another stack, another Node.js or another version of the engine", async () => {
    const key = await keyNow();
    expectMiss(await cache.lookup({ ...key, stack: "prod" }), /cached run is of stack "test"/);
    expectMiss(await cache.lookup({ ...key, node: "v0.0.0" }), /Node\.js changed/);
    expectMiss(await cache.lookup({ ...key, engine: "another" }), /offline engine changed/);
  });

  it("misses when there is no entry or it cannot be read", async () => {
    expectMiss(await new RunCache(path.join(project.dir, "nothing.json")).lookup(await keyNow()), /no cached run/);
    await writeFile(cache.file, "{ not json");
    expectMiss(await cache.lookup(await keyNow()), /no cached run/);
  });

  it("keeps the config of the cached run, whatever the key now", async () => {
    expect(await cache.cachedConfig()).to.deep.equal(CONFIG);
  });
});
