/**
 * A throw-away copy of a fixture project that tests may edit. It lives under this repository's `.build/`, so
 * that its imports (`@pulumi/pulumi`, `esbuild`, tsx) resolve to this repository's packages.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { projectDir } from "./stack-config.ts";

export interface ProjectCopy {
  readonly dir: string;
  read(file: string): Promise<string>;
  write(file: string, text: string): Promise<void>;
  /** Replaces `search` in `file`; fails when it is not there, so an edit cannot silently do nothing. */
  replace(file: string, search: string, replacement: string): Promise<void>;
  remove(): Promise<void>;
}

export async function copyProject(fixture: string): Promise<ProjectCopy> {
  const parent = path.join(projectDir, ".build", "test-projects");
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, `${path.basename(fixture)}-`));
  await cp(fixture, dir, { recursive: true, filter: (source) => path.basename(source) !== ".build" });
  const read = (file: string) => readFile(path.join(dir, file), "utf8");
  const write = (file: string, text: string) => writeFile(path.join(dir, file), text);
  return {
    dir,
    read,
    write,
    async replace(file, search, replacement) {
      const text = await read(file);
      if (!text.includes(search)) throw new Error(`expected ${file} to contain ${JSON.stringify(search)}`);
      await write(file, text.replace(search, replacement));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
