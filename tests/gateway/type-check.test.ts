/**
 * Reloads and type errors: tsx runs the program without type-checking, so the reload loop checks the
 * program's TypeScript files itself once reloads are prepared, on a copy of the dev-loop fixture given a
 * tsconfig.json.
 */
import { expect } from "chai";
import { mkdir } from "node:fs/promises";
import * as path from "node:path";
import { LiveApi } from "../../gateway/live-api.ts";
import { describeProblems, newProblems, ProgramTypeCheck, type TypeProblem } from "../../gateway/type-check/program-type-check.ts";
import { copyProject, type ProjectCopy } from "../support/project-copy.ts";
import { projectDir } from "../support/stack-config.ts";

const fixture = path.join(projectDir, "tests", "fixtures", "gateway", "devloop");
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true,
    allowImportingTsExtensions: true, skipLibCheck: true, types: ["node"],
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", ".build"],
};

describe("gateway/live-api: a reload that brings type errors", function () {
  this.timeout(120_000);
  let project: ProjectCopy;
  let live: LiveApi;
  const log: string[] = [];

  before(async () => {
    project = await copyProject(fixture);
    await project.write("tsconfig.json", JSON.stringify(TSCONFIG));
    live = await LiveApi.start({ projectDir: project.dir, stack: "test", echoEndpoint: "stack", useCache: false, log: (line) => log.push(line) });
    await live.prepareReloads();
  });
  after(async () => {
    await live?.close();
    await project?.remove();
  });

  async function refresh(): Promise<string[]> {
    const before = log.length;
    await live.refresh();
    return log.slice(before);
  }

  it("keeps the previous API serving, naming each new error's file, line, column and code, until it is fixed", async () => {
    const served = live.model;
    const source = await project.read("greeting-api.ts");
    const anchor = "    const parent = { parent: this };";
    await project.write("greeting-api.ts", source.replace(anchor, `${anchor}\n    const count: number = args.greeting;`));
    const [failure, ...rest] = await refresh();
    const line = source.split("\n").indexOf(anchor) + 2;
    expect(failure).to.equal("Reload failed (greeting-api.ts changed); still serving the previous API:\n"
      + `  greeting-api.ts:${line}:11 - error TS2322: Type 'string' is not assignable to type 'number'.`);
    expect(rest).to.deep.equal([]);
    expect(live.model).to.equal(served);
    await project.write("greeting-api.ts", source.replace(anchor, `${anchor}\n    const count: number = args.greeting.length;`));
    expect((await refresh())[0]).to.match(/^Reloaded in [\d.]+ s \(greeting-api\.ts changed\): no route changed$/);
  });

  it("still refuses a TypeScript file whose reload was refused when the next save is only a template's", async () => {
    const source = await project.read("greeting-api.ts");
    const anchor = "    const parent = { parent: this };";
    await project.write("greeting-api.ts", source.replace(anchor, `${anchor}\n    const flag: boolean = args.basePath;`));
    expect((await refresh())[0]).to.match(/^Reload failed \(greeting-api\.ts changed\).*\n.*error TS2322: Type 'string' is not assignable to type 'boolean'\.$/);
    await project.replace("templates/request.vtl", '{"proxy"', '{"added": "field", "proxy"');
    expect((await refresh())[0]).to.match(/^Reload failed \(templates\/request\.vtl changed\).*\n.*error TS2322: Type 'string' is not assignable to type 'boolean'\.$/);
    await project.write("greeting-api.ts", source);
    expect((await refresh())[0]).to.match(/^Reloaded in [\d.]+ s \(greeting-api\.ts changed\): changed ANY \/hello\/\{proxy\+\}$/);
  });
});

describe("gateway/type-check: when the checker cannot answer", function () {
  this.timeout(60_000);

  it("a check waiting when the checker closes, and any after, find nothing rather than hold a reload", async () => {
    const checker = ProgramTypeCheck.start({ projectDir, exclude: [] }, () => undefined);
    expect(checker, "this project has a tsconfig.json and TypeScript").to.not.equal(undefined);
    const pending = checker!.check();
    await checker!.close();
    expect([await pending, await checker!.check()]).to.deep.equal([[], []]);
  });

  it("a tsconfig.json that cannot be read lets the reload go on unchecked, and says so", async () => {
    const scratch = await copyProject(fixture);
    try {
      await mkdir(path.join(scratch.dir, "tsconfig.json"));
      const log: string[] = [];
      const checker = ProgramTypeCheck.start({ projectDir: scratch.dir, exclude: [] }, (line) => log.push(line));
      expect(await checker!.check()).to.deep.equal([]);
      await checker!.close();
      expect(log).to.have.length(1);
      expect(log[0]).to.match(/^The type check could not run \(.+\); this reload goes on unchecked$/);
    } finally {
      await scratch.remove();
    }
  });
});

describe("gateway/type-check: which errors refuse a reload", () => {
  const problem = (where: string, message: string, code = 2322): TypeProblem => ({ where, file: where.split(":")[0], code, message });

  it("an error the served sources had already is not new, wherever an edit moved it", () => {
    const accepted = [problem("a.ts:3:1", "old")];
    expect(newProblems([problem("a.ts:9:1", "old"), problem("a.ts:2:5", "fresh")], accepted)).to.deep.equal([problem("a.ts:2:5", "fresh")]);
    expect(newProblems([problem("b.ts:3:1", "old")], accepted), "the same message in another file").to.have.length(1);
  });

  it("a second error just like one the file had already is new", () => {
    const accepted = [problem("a.ts:3:1", "same")];
    expect(newProblems([problem("a.ts:3:1", "same"), problem("a.ts:8:1", "same")], accepted)).to.deep.equal([problem("a.ts:8:1", "same")]);
  });

  it("shows the first five as tsc does and counts the rest", () => {
    const problems = Array.from({ length: 7 }, (_, i) => problem(`a.ts:${i + 1}:1`, `m${i}`));
    expect(describeProblems(problems).split("\n")).to.deep.equal([
      "a.ts:1:1 - error TS2322: m0", "a.ts:2:1 - error TS2322: m1", "a.ts:3:1 - error TS2322: m2", "a.ts:4:1 - error TS2322: m3",
      "a.ts:5:1 - error TS2322: m4", "and 2 more type errors",
    ]);
  });
});
