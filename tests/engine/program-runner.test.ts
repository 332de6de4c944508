import { expect } from "chai";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import * as path from "node:path";
import { ProgramFailedError } from "../../engine/program-failure.ts";
import { ProgramRunner } from "../../engine/program-runner.ts";
import type { ProgramRun } from "../../engine/program-run.ts";
import { copyProject, type ProjectCopy } from "../support/project-copy.ts";
import { projectDir } from "../support/stack-config.ts";

const fixture = path.join(projectDir, "tests", "fixtures", "gateway", "devloop");
const require = createRequire(import.meta.url);

const requestTemplate = (run: ProgramRun) =>
  (run.get("aws:apigateway/integration:Integration", "greeting-any").inputs.requestTemplates as Record<string, string>)["application/json"];

describe("engine/program-runner", function () {
  this.timeout(120_000);
  let project: ProjectCopy;
  let runner: ProgramRunner;
  before(async () => {
    project = await copyProject(fixture);
    runner = new ProgramRunner({ projectDir: project.dir, stack: "test" });
  });
  after(async () => {
    await runner?.close();
    await project?.remove();
  });

  let first: ProgramRun;
  it("runs the program like runProgram and reports the Pulumi package modules it loaded, never the SDK's command scripts", async () => {
    const result = await runner.run();
    first = result.run;
    expect(first.get("aws:apigateway/stage:Stage", "greeting-stage").inputs.stageName).to.equal("test");
    expect(result.packageModules).to.include.members([require.resolve("@pulumi/pulumi"), require.resolve("@pulumi/aws")]);
    expect(result.packageModules.filter((file) => !file.includes(`${path.sep}node_modules${path.sep}@pulumi${path.sep}`))).to.deep.equal([]);
    expect(result.packageModules.filter((file) => file.includes(`@pulumi${path.sep}pulumi${path.sep}cmd${path.sep}`))).to.deep.equal([]);
  });

  it("runs in the process prepared beforehand with the files as they are when the run starts, not when it was prepared", async () => {
    await runner.prepare();
    await project.write("templates/request.vtl", '{"changed": true}\n');
    const { run } = await runner.run();
    expect(requestTemplate(run)).to.equal('{"changed": true}\n');
  });

  it("honours a config change made after the process was prepared", async () => {
    await runner.prepare();
    await project.replace("Pulumi.test.yaml", "greeting: hi", "greeting: hey");
    const { run } = await runner.run();
    const variables = (run.get("aws:lambda/function:Function", "greeting-fn").inputs.environment as { variables: Record<string, string> }).variables;
    expect(variables.GREETING).to.equal("hey");
  });

  it("maps the stack frames of a program error to the program's own file and line", async () => {
    await runner.prepare();
    const source = await project.read("greeting-api.ts");
    await project.write("greeting-api.ts", source.replace("    const parent = { parent: this };", '    const parent = { parent: this };\n    (args as unknown as { missing: { field: number } }).missing.field;'));
    const failure = await runner.run().then(() => undefined, (err: unknown) => err);
    await project.write("greeting-api.ts", source);
    expect(failure).to.be.instanceOf(ProgramFailedError);
    const line = source.split("\n").findIndex((text) => text === "    const parent = { parent: this };") + 2;
    const report = (failure as ProgramFailedError).diagnostics.map((d) => d.message).join("\n");
    expect(report).to.match(new RegExp(`greeting-api\\.ts:${line}:\\d+\\)`));
  });

  it("starts afresh once the lockfile changes, rather than run on the packages the prepared process loaded", async () => {
    const greetingOf = (run: ProgramRun) =>
      (run.get("aws:lambda/function:Function", "greeting-fn").inputs.environment as { variables: Record<string, string> }).variables.GREETING;
    // A CommonJS package of the @pulumi scope, as providers are: the prepared process preloads what the last run loaded of them.
    const installWord = async (word: string) => {
      await mkdir(path.join(project.dir, "node_modules", "@pulumi", "greeting-word"), { recursive: true });
      await project.write("node_modules/@pulumi/greeting-word/package.json", '{"name": "@pulumi/greeting-word", "main": "index.js"}');
      await project.write("node_modules/@pulumi/greeting-word/index.js", `exports.word = ${JSON.stringify(word)};\n`);
    };
    await installWord("installed");
    await project.replace("index.ts", 'import { GreetingApi } from "./greeting-api.ts";', 'import { GreetingApi } from "./greeting-api.ts";\nimport { word } from "@pulumi/greeting-word";');
    await project.replace("index.ts", 'greeting: config.require("greeting")', "greeting: word");
    const first = await runner.run();
    expect(greetingOf(first.run)).to.equal("installed");
    await runner.prepare(first.packageModules);
    await installWord("upgraded");
    await project.write("package-lock.json", `${await project.read("package-lock.json")}\n`);
    expect(greetingOf((await runner.run()).run)).to.equal("upgraded");
  });
});
