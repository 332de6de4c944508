/**
 * The last successful run of a project's program for one stack, kept on disk so that the run can be reused
 * while nothing it depends on has changed: the project's source files (see program-sources.ts, which
 * includes Pulumi.yaml, the stack files and the lockfile), the config the run was given (stack file and
 * overrides laid over the defaults), this engine's own sources and the Node.js version. The files the run's
 * resources point at (a function's code directory) must also still be what the run left behind.
 */
import { mkdir, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ProgramRun } from "./program-run.ts";
import { changedSources, hashOf, snapshotSources, type SourceSnapshot } from "./program-sources.ts";
import type { RegisteredResource } from "./resource-monitor.ts";
import { isArchive, isAsset, type PropertyValue } from "./wire-values.ts";

/** Bumped when the file's shape changes. */
const FORMAT = 1;

const ENGINE_DIR = fileURLToPath(new URL(".", import.meta.url));

/** Everything a run's result depends on. */
export interface RunKey {
  readonly stack: string;
  /** `PULUMI_CONFIG` as given to the program. */
  readonly config: Readonly<Record<string, string>>;
  readonly sources: SourceSnapshot;
  /** Hash of this engine's sources. */
  readonly engine: string;
  readonly node: string;
}

/** A run found in the cache, with what its program process loaded from packages. */
export interface CachedRun {
  readonly run: ProgramRun;
  readonly packageModules: readonly string[];
}

export type CacheLookup = { readonly hit: CachedRun } | { readonly miss: string };

interface CacheFile {
  format: number;
  key: { stack: string; config: Record<string, string>; sources: Record<string, string>; engine: string; node: string };
  /** Files the resources point at, by absolute path, with their hashes. */
  outputs: Record<string, string>;
  run: Pick<ProgramRun, "projectDir" | "project" | "stack" | "resources" | "diagnostics" | "stdout" | "stderr">;
  packageModules: string[];
}

let engineHash: Promise<string> | undefined;

/** The key of a run for `stack` with `config` and these `sources` (see {@link snapshotSources}). */
export async function runKey(stack: string, config: Readonly<Record<string, string>>, sources: SourceSnapshot): Promise<RunKey> {
  engineHash ??= snapshotSources(ENGINE_DIR).then((snapshot) => hashOf(JSON.stringify([...snapshot.files])));
  return { stack, config, sources, engine: await engineHash, node: process.version };
}

export class RunCache {
  /** @param file where the entry is kept, e.g. `<project>/.build/local-gateway/dev.json` */
  constructor(readonly file: string) {}

  /** The cached run if its key equals `key` and its output files are unchanged; else why not. */
  async lookup(key: RunKey): Promise<CacheLookup> {
    const entry = await this.read();
    if (entry === undefined) return { miss: "no cached run" };
    const stale = staleness(entry, key) ?? await changedOutput(entry.outputs);
    if (stale !== undefined) return { miss: stale };
    const { projectDir, project, stack, resources, diagnostics, stdout, stderr } = entry.run;
    return { hit: { run: new ProgramRun(projectDir, project, stack, resources, diagnostics, stdout, stderr), packageModules: entry.packageModules } };
  }

  /** The config of the cached run, whatever its key (to start things the same way again). */
  async cachedConfig(): Promise<Readonly<Record<string, string>> | undefined> {
    return (await this.read())?.key.config;
  }

  /** Keeps `run` as the result for `key`, replacing any other entry. */
  async store(key: RunKey, run: ProgramRun, packageModules: readonly string[] = []): Promise<void> {
    const entry: CacheFile = {
      format: FORMAT,
      key: { stack: key.stack, config: { ...key.config }, sources: Object.fromEntries(key.sources.files), engine: key.engine, node: key.node },
      outputs: await hashFiles(outputFiles(run)),
      run: {
        projectDir: run.projectDir, project: run.project, stack: run.stack,
        resources: run.resources, diagnostics: run.diagnostics, stdout: run.stdout, stderr: run.stderr,
      },
      packageModules: [...packageModules],
    };
    await mkdir(path.dirname(this.file), { recursive: true });
    // Written whole, then renamed over the old entry, so a reader never sees half of it.
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, this.file);
  }

  private async read(): Promise<CacheFile | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.file, "utf8")) as CacheFile;
      return entry.format === FORMAT ? entry : undefined;
    } catch {
      // Missing or unreadable: there is nothing to reuse.
      return undefined;
    }
  }
}

/** What differs between the entry's key and `key`, said for a person; undefined when nothing does. */
function staleness(entry: CacheFile, key: RunKey): string | undefined {
  const cached = entry.key;
  if (cached.stack !== key.stack) return `the cached run is of stack "${cached.stack}"`;
  if (cached.node !== key.node) return `Node.js changed (${cached.node} → ${key.node})`;
  if (cached.engine !== key.engine) return "the offline engine changed";
  const sources: SourceSnapshot = { files: new Map(Object.entries(cached.sources)), directories: [] };
  const changed = changedSources(sources, key.sources);
  if (changed.length > 0) return `changed: ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ` and ${changed.length - 5} more` : ""}`;
  const configKeys = new Set([...Object.keys(cached.config), ...Object.keys(key.config)]);
  const differing = [...configKeys].filter((k) => cached.config[k] !== key.config[k]).sort();
  if (differing.length > 0) return `config changed: ${differing.join(", ")}`;
  return undefined;
}

/** The first output file that is gone or differs from what the run left, said for a person. */
async function changedOutput(outputs: Record<string, string>): Promise<string | undefined> {
  const now = await hashFiles(Object.keys(outputs));
  const changed = Object.keys(outputs).find((file) => now[file] !== outputs[file]);
  return changed === undefined ? undefined : `${changed} changed since the cached run`;
}

/** Local files and directories the resources' assets and archives point at (a function's code). */
function outputFiles(run: ProgramRun): string[] {
  const found = new Set<string>();
  const visit = (value: PropertyValue | undefined): void => {
    if (value === null || value === undefined || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if ((isArchive(value) && value.kind === "FileArchive") || (isAsset(value) && value.kind === "FileAsset")) {
      found.add(path.resolve(run.projectDir, value.path));
    } else if (isArchive(value) && value.kind === "AssetArchive") {
      Object.values(value.assets).forEach(visit);
    } else if (!isArchive(value) && !isAsset(value)) {
      Object.values(value).forEach(visit);
    }
  };
  run.resources.forEach((resource: RegisteredResource) => visit(resource.inputs));
  return [...found];
}

/** Hash of each path: a file's content, or for a directory every file in it; "missing" when absent. */
async function hashFiles(paths: readonly string[]): Promise<Record<string, string>> {
  const hashes = await Promise.all(paths.map(async (file) => [file, await hashPath(file)] as const));
  return Object.fromEntries(hashes);
}

async function hashPath(file: string): Promise<string> {
  try {
    if (!(await stat(file)).isDirectory()) return hashOf(await readFile(file));
    const entries = await readdir(file, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
    const parts = await Promise.all(files.map(async (f) => `${path.relative(file, f)}:${hashOf(await readFile(f))}`));
    return hashOf(parts.join("\n"));
  } catch {
    return "missing";
  }
}
