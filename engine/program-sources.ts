/**
 * The files a program's declared resources can come from, with a hash of each: every file under the project
 * directory except `node_modules/`, `.git/` and `.build/` (at any depth), Markdown, and the top-level folders
 * the caller names as not part of the program. Packages are covered by the lockfile, which is a project file.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import * as path from "node:path";

/** Skipped wherever they are: installed packages, version control, build output. */
const NEVER_SOURCES = new Set(["node_modules", ".git", ".build"]);

export interface SourceSnapshot {
  /** SHA-256 of each file, by path relative to the project directory (with `/`), sorted by path. */
  readonly files: ReadonlyMap<string, string>;
  /** Every directory that was read, relative (`""` is the project directory); a new file appears in one of them. */
  readonly directories: readonly string[];
}

export interface SnapshotOptions {
  /** Top-level folders that are not part of the program (tests, tooling). @default [] */
  readonly exclude?: readonly string[];
}

/** Reads and hashes the project's source files. */
export async function snapshotSources(projectDir: string, options: SnapshotOptions = {}): Promise<SourceSnapshot> {
  const exclude = new Set(options.exclude ?? []);
  const files = new Map<string, string>();
  const directories: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await ifPresent(readdir(path.join(projectDir, relative), { withFileTypes: true }));
    if (entries === undefined) return;
    directories.push(relative);
    await Promise.all(entries.map(async (entry) => {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!NEVER_SOURCES.has(entry.name) && !(relative === "" && exclude.has(entry.name))) await walk(child);
      } else if (entry.isFile() && !entry.name.endsWith(".md")) {
        const content = await ifPresent(readFile(path.join(projectDir, child)));
        if (content !== undefined) files.set(child, hashOf(content));
      }
    }));
  };
  await walk("");
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))), directories: directories.sort() };
}

/** Paths added, removed or changed from `before` to `after`, sorted. */
export function changedSources(before: SourceSnapshot, after: SourceSnapshot): string[] {
  const changed = new Set<string>();
  for (const [file, hash] of after.files) if (before.files.get(file) !== hash) changed.add(file);
  for (const file of before.files.keys()) if (!after.files.has(file)) changed.add(file);
  return [...changed].sort();
}

/** The result, or undefined for a file or directory removed since it was listed. */
async function ifPresent<T>(reading: Promise<T>): Promise<T | undefined> {
  try {
    return await reading;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export function hashOf(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}
