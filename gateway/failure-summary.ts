/**
 * Why a run of the program, or the API built from it, failed: the error's message with the project's paths
 * made relative, and for an error thrown while the program ran, the project file and line it was thrown at.
 * Config errors name their key in the message already; syntax errors name the file and line.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { isProgramFailure, type ProgramFailedError } from "../engine/program-failure.ts";

/** `at fn (file:///p/x.ts:3:7)` or `at /p/x.ts:3:7`: the location of one stack frame. */
const FRAME = /^\s+at (?:.*\()?((?:file:\/\/)?[^():]+):(\d+):(\d+)\)?$/;

export function describeFailure(err: unknown, projectDir: string): string {
  const relative = (text: string) => text.split(`${path.resolve(projectDir)}${path.sep}`).join("");
  if (!isProgramFailure(err)) return relative(err instanceof Error ? err.message : String(err));
  const message = relative(err.programMessage);
  const at = thrownAt(err, projectDir);
  return at === undefined || message.includes(at) ? message : `${message}\n  at ${at}`;
}

/** The first frame of the failure's stack in one of the project's own files, as `file:line:column`. */
function thrownAt(err: ProgramFailedError, projectDir: string): string | undefined {
  const reports = [...err.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), err.stderr];
  for (const line of reports.join("\n").split("\n")) {
    const frame = FRAME.exec(line);
    if (frame === null) continue;
    const file = frame[1].startsWith("file://") ? fileURLToPath(frame[1]) : frame[1];
    const relative = path.relative(projectDir, file);
    if (!relative.startsWith("..") && !path.isAbsolute(relative) && !relative.split(path.sep).includes("node_modules")) {
      return `${relative.split(path.sep).join("/")}:${frame[2]}:${frame[3]}`;
    }
  }
  return undefined;
}
