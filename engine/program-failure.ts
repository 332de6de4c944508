import type { Diagnostic } from "./engine-service.ts";
import type { ProcessExit } from "./program-process.ts";
import type { RegisteredResource } from "./resource-monitor.ts";
import { stripAnsi } from "./strip-ansi.ts";

/** Details of a failed run, for {@link ProgramFailedError}. */
export interface ProgramFailure {
  project: string;
  stack: string;
  exit: ProcessExit;
  diagnostics: readonly Diagnostic[];
  resources: readonly RegisteredResource[];
}

/** The program exited non-zero; `message` carries the program's own error message. */
export class ProgramFailedError extends Error {
  /** Exit code of the program process (the run script uses 32 after reporting an error itself). */
  readonly exitCode: number | null;
  /** The program's error message without the run script's framing or stack frames. */
  readonly programMessage: string;
  readonly diagnostics: readonly Diagnostic[];
  /** What was registered before the failure (usually only the stack). */
  readonly resources: readonly RegisteredResource[];
  readonly stdout: string;
  readonly stderr: string;

  constructor(failure: ProgramFailure) {
    const programMessage = failureMessage(failure);
    const others = failure.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length;
    super(
      `program "${failure.project}" (stack "${failure.stack}") failed with exit code ${failure.exit.code}; ` +
        `${others} resource(s) registered besides the stack:\n${programMessage}`,
    );
    this.name = "ProgramFailedError";
    this.exitCode = failure.exit.code;
    this.programMessage = programMessage;
    this.diagnostics = failure.diagnostics;
    this.resources = failure.resources;
    this.stdout = failure.exit.stdout;
    this.stderr = failure.exit.stderr;
  }
}

/**
 * Whether `err` is a {@link ProgramFailedError}, including one made by another instance of this module: a
 * module loaded both through `require` and through `import()` (as under the test runner) has two.
 */
export function isProgramFailure(err: unknown): err is ProgramFailedError {
  return err instanceof ProgramFailedError || (err instanceof Error && err.name === "ProgramFailedError" && "programMessage" in err);
}

/** Error diagnostics if any (as `pulumi` would show them), else what the program printed on stderr. */
function failureMessage(failure: ProgramFailure): string {
  const errors = failure.diagnostics.filter((d) => d.severity === "error").map((d) => cleanMessage(d.message));
  if (errors.length > 0) return errors.join("\n");
  const stderr = stripAnsi(failure.exit.stderr).trim();
  return stderr === "" ? `exited with signal ${failure.exit.signal ?? "none"} and no output` : stderr;
}

/**
 * Drops the run script's "Running program … failed with an unhandled exception:" line and stack
 * frames, leaving e.g. `Error: config "p:stageName" must …`.
 */
export function cleanMessage(message: string): string {
  const lines = message.split("\n");
  const start = /^Running program '.*' failed with an unhandled exception:$/.test(lines[0] ?? "") ? 1 : 0;
  const frame = lines.findIndex((line, i) => i >= start && /^\s+at /.test(line));
  return lines.slice(start, frame === -1 ? undefined : frame).join("\n").trim();
}
