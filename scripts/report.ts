/**
 * What `npm run stack` prints when an operation ends, and the exit code it ends with.
 */
import type { OpMap, OutputMap } from "@pulumi/pulumi/automation/index.js";
import { EXIT, type Operation } from "./stack-options.ts";

const PAST: Record<string, string> = {
  create: "created", update: "updated", replace: "replaced", delete: "deleted", same: "unchanged",
  refresh: "refreshed", read: "read", import: "imported",
};

/**
 * One line summarising `summary.resourceChanges` (or a preview's `changeSummary`), changes first.
 * @example formatChanges("up", { create: 2, same: 30 }) // "up: 2 created, 30 unchanged"
 */
export function formatChanges(operation: Operation, changes: OpMap | undefined): string {
  const entries = Object.entries(changes ?? {}).filter(([, n]) => n !== undefined && n > 0) as [string, number][];
  if (entries.length === 0) return `${operation}: no changes`;
  entries.sort(([a], [b]) => Number(a === "same") - Number(b === "same"));
  const parts = entries.map(([op, n]) => {
    if (op === "same") return `${n} unchanged`;
    return operation === "preview" ? `${n} to ${op}` : `${n} ${PAST[op] ?? op}`;
  });
  return `${operation}: ${parts.join(", ")}`;
}

/** Stack outputs as a JSON object; secret values are masked. */
export function formatOutputs(outputs: OutputMap): string {
  const plain = Object.fromEntries(
    Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]),
  );
  return JSON.stringify(plain, null, 2);
}

/**
 * The exit code for an error an operation threw. The Automation API names its errors
 * (`ConcurrentUpdateError`, `StackNotFoundError`, `CommandError`).
 */
export function exitCodeFor(error: unknown, cancelled: boolean): number {
  if (cancelled) return EXIT.cancelled;
  const name = error instanceof Error ? error.name : "";
  if (name === "ConcurrentUpdateError") return EXIT.locked;
  if (name === "StackNotFoundError") return EXIT.usage;
  return EXIT.failed;
}

/** The CLI's own `error:` line from a failed command, if the error carries one. */
export function cliErrorLine(error: unknown): string | undefined {
  const result = error instanceof Error ? (error as Error & { commandResult?: { stderr?: unknown } }).commandResult : undefined;
  const stderr = typeof result?.stderr === "string" ? result.stderr : "";
  return stderr.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("error:")).pop();
}

function notFoundLine(stackName: string): string {
  return `stack "${stackName}" does not exist yet; \`npm run stack -- up --stack ${stackName}\` creates it`;
}

/** One line for a failure to select the stack or read its outputs (nothing was streamed, so quote the CLI). */
export function stackErrorLine(stackName: string, error: unknown): string {
  if (error instanceof Error && error.name === "StackNotFoundError") return notFoundLine(stackName);
  const detail = cliErrorLine(error) ?? (error instanceof Error ? error.message : String(error));
  return `stack "${stackName}": ${detail}`;
}

/** One line for an operation's error: the CLI already streamed its own details above. */
export function errorLine(operation: Operation, stackName: string, error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "ConcurrentUpdateError") {
    return `${operation} failed: stack "${stackName}" is locked by another update (if none is running, \`pulumi cancel\` releases it)`;
  }
  if (name === "StackNotFoundError") return notFoundLine(stackName);
  if (name === "CommandError") return `${operation} failed on stack "${stackName}"; the engine output above says why`;
  return `${operation} failed on stack "${stackName}": ${error instanceof Error ? error.message : String(error)}`;
}
