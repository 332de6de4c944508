/**
 * Type-checks the program's own TypeScript files as the project's `tsc` would with its `tsconfig.json`,
 * in a worker thread so that serving never waits for it. tsx runs the program without type-checking (as
 * `pulumi up` runs it here), so without this a type error would reload silently; with it, a reload that
 * brings new type errors keeps the previous API serving and names them. Errors the served sources
 * already had are not held against a reload.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { TypeCheckAnswer, TypeCheckSetup, TypeProblem } from "./protocol.ts";

export type { TypeProblem } from "./protocol.ts";

/** Lines of errors a failed reload shows; the rest are counted. */
const SHOWN_PROBLEMS = 5;

export class ProgramTypeCheck {
  private nextId = 0;
  private readonly waiting = new Map<number, (problems: readonly TypeProblem[]) => void>();
  /** Why the worker is gone, once it is: checks then find nothing, and reloads go on unchecked. */
  private stopped?: string;

  private constructor(private readonly worker: Worker, private readonly log: (message: string) => void) {
    worker.unref();
    worker.on("message", (answer: TypeCheckAnswer) => {
      if ("error" in answer) log(`The type check could not run (${answer.error}); this reload goes on unchecked`);
      this.waiting.get(answer.id)?.("error" in answer ? [] : answer.problems);
      this.waiting.delete(answer.id);
    });
    worker.on("error", (err) => this.stop(`its worker failed: ${err.message}`));
    worker.on("exit", () => this.stop("its worker stopped"));
  }

  /**
   * A checker for the project, or undefined when it has no `tsconfig.json` (nothing says how to check it)
   * or no TypeScript can be found, in the project or beside the gateway (an install without development
   * dependencies). `log` hears when checking stops.
   */
  static start(setup: Omit<TypeCheckSetup, "typescript">, log: (message: string) => void): ProgramTypeCheck | undefined {
    const typescript = typescriptOf(setup.projectDir);
    if (!existsSync(path.join(setup.projectDir, "tsconfig.json")) || typescript === undefined) return undefined;
    const workerData: TypeCheckSetup = { ...setup, typescript };
    return new ProgramTypeCheck(new Worker(new URL("./type-check-worker.ts", import.meta.url), { workerData }), log);
  }

  /** The program's type errors as its files are now; none once checking has stopped. Never rejects. */
  check(): Promise<readonly TypeProblem[]> {
    if (this.stopped !== undefined) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id });
    });
  }

  async close(): Promise<void> {
    this.stopped = "closed";
    await this.worker.terminate();
  }

  private stop(why: string): void {
    if (this.stopped === undefined) this.log(`Type checking stopped (${why}); reloads go on without it`);
    this.stopped ??= why;
    for (const resolve of this.waiting.values()) resolve([]);
    this.waiting.clear();
  }
}

/** The project's own TypeScript, else the gateway's: the module path, or undefined when neither has one. */
function typescriptOf(projectDir: string): string | undefined {
  for (const from of [path.join(projectDir, "package.json"), import.meta.url]) {
    try {
      return createRequire(from).resolve("typescript");
    } catch {
      // Not there; try the next.
    }
  }
  return undefined;
}

/** Whether a change to `file` can change what the type check finds. */
export function typeCheckSees(file: string): boolean {
  return /\.(?:[cm]?ts|tsx)$/.test(file) || path.basename(file) === "tsconfig.json";
}

/**
 * Problems of `now` beyond those `accepted` had: compared without their positions, which edits move, and
 * counted, so that a second error just like one the file had already is new.
 */
export function newProblems(now: readonly TypeProblem[], accepted: readonly TypeProblem[]): TypeProblem[] {
  const known = new Map<string, number>();
  for (const problem of accepted) known.set(identity(problem), (known.get(identity(problem)) ?? 0) + 1);
  return now.filter((problem) => {
    const left = known.get(identity(problem)) ?? 0;
    known.set(identity(problem), left - 1);
    return left <= 0;
  });
}

/** The problems as `tsc` prints them, the first few. */
export function describeProblems(problems: readonly TypeProblem[]): string {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map(({ where, code, message }) => `${where} - error TS${code}: ${message}`);
  const more = problems.length - SHOWN_PROBLEMS;
  if (more > 0) lines.push(`and ${more} more type ${more === 1 ? "error" : "errors"}`);
  return lines.join("\n");
}

function identity({ file, where, code, message }: TypeProblem): string {
  return `${file ?? where}\n${code}\n${message}`;
}
