import { expect } from "chai";
import { mkdir, rm } from "node:fs/promises";
import * as path from "node:path";
import { changedSources, hashOf, snapshotSources } from "../../engine/program-sources.ts";
import { copyProject, type ProjectCopy } from "../support/project-copy.ts";
import { projectDir } from "../support/stack-config.ts";

const fixture = path.join(projectDir, "tests", "fixtures", "gateway", "devloop");

describe("engine/program-sources", () => {
  let project: ProjectCopy;
  beforeEach(async () => {
    project = await copyProject(fixture);
  });
  afterEach(() => project.remove());

  it("hashes every file of the project: program, components, templates, handlers, Pulumi.yaml, stack file, lockfile", async () => {
    const { files, directories } = await snapshotSources(project.dir);
    expect([...files.keys()]).to.deep.equal([
      "Pulumi.test.yaml", "Pulumi.yaml", "greeting-api.ts", "handlers/greet.ts", "index.ts", "package-lock.json", "package.json",
      "templates/request.vtl", "templates/response.vtl",
    ]);
    expect(files.get("index.ts")).to.equal(hashOf(await project.read("index.ts")));
    expect(directories).to.deep.equal(["", "handlers", "templates"]);
  });

  it("skips node_modules, .git and .build at any depth, Markdown, and the top-level folders it is told to", async () => {
    for (const dir of ["node_modules/x", "lib/node_modules/y", ".git", "lib/.build", "tests", "lib/tests"]) {
      await mkdir(path.join(project.dir, dir), { recursive: true });
      await project.write(`${dir}/file.ts`, "export {};");
    }
    await project.write("README.md", "# notes");
    const { files } = await snapshotSources(project.dir, { exclude: ["tests"] });
    expect([...files.keys()].filter((file) => file.includes("/") && !/^(handlers|templates)\//.test(file))).to.deep.equal(["lib/tests/file.ts"]);
    expect(files.has("README.md")).to.equal(false);
  });

  it("changedSources names the files added, removed and changed", async () => {
    const before = await snapshotSources(project.dir);
    await project.write("templates/request.vtl", "{}");
    await project.write("extra.ts", "export {};");
    await rm(path.join(project.dir, "handlers", "greet.ts"));
    expect(changedSources(before, await snapshotSources(project.dir))).to.deep.equal(["extra.ts", "handlers/greet.ts", "templates/request.vtl"]);
  });
});
