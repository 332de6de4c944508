/**
 * Type-checks the program's own TypeScript files as `tsc` would with the project's `tsconfig.json`, in a
 * worker thread so that serving never waits for it. tsx runs the program without type-checking (as
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

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on("message", (answer: TypeCheckAnswer) => {
      const problems = "error" in answer ? [{ where: "type check", code: 0, message: `could not run: ${answer.error}` }] : answer.problems;
      this.waiting.get(answer.id)?.(problems);
      this.waiting.delete(answer.id);
    });
    worker.on("error", (err) => this.settleAll(`the type-check worker failed: ${err.message}`));
    worker.on("exit", () => this.settleAll("the type-check worker stopped"));
  }

  /**
   * A checker for the project, or undefined when it has no `tsconfig.json` (nothing says how to check it)
   * or TypeScript is not installed (an install without development dependencies).
   */
  static start(setup: TypeCheckSetup): ProgramTypeCheck | undefined {
    if (!existsSync(path.join(setup.projectDir, "tsconfig.json")) || !typescriptInstalled()) return undefined;
    return new ProgramTypeCheck(new Worker(new URL("./type-check-worker.ts", import.meta.url), { workerData: setup }));
  }

  /** The program's type errors as its files are now; never rejects (a checker failure is reported as a problem). */
  check(): Promise<readonly TypeProblem[]> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private settleAll(why: string): void {
    for (const resolve of this.waiting.values()) resolve([{ where: "type check", code: 0, message: why }]);
    this.waiting.clear();
  }
}

function typescriptInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("typescript");
    return true;
  } catch {
    return false;
  }
}

/** Whether a change to `file` can change what the type check finds. */
export function typeCheckSees(file: string): boolean {
  return /\.(?:[cm]?ts|tsx)$/.test(file) || path.basename(file) === "tsconfig.json";
}

/** Problems of `now` that `accepted` did not have (compared without their positions, which edits move). */
export function newProblems(now: readonly TypeProblem[], accepted: readonly TypeProblem[]): TypeProblem[] {
  const known = new Set(accepted.map(identity));
  return now.filter((problem) => !known.has(identity(problem)));
}

/** The problems as `tsc` prints them, the first few. */
export function describeProblems(problems: readonly TypeProblem[]): string {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map(({ where, code, message }) => `${where} - error TS${code}: ${message}`);
  if (problems.length > SHOWN_PROBLEMS) lines.push(`and ${problems.length - SHOWN_PROBLEMS} more type errors`);
  return lines.join("\n");
}

function identity({ file, where, code, message }: TypeProblem): string {
  return `${file ?? where}\n${code}\n${message}`;
}
