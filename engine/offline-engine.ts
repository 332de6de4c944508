import { resolve } from "node:path";
import { EngineSession } from "./engine-session.ts";
import { buildProgramCommand, runProcess } from "./program-process.ts";
import type { ProgramRun } from "./program-run.ts";
import { loadProject } from "./project-config.ts";

export type { Diagnostic } from "./engine-service.ts";
export { EngineSession, type EngineSessionArgs } from "./engine-session.ts";
export { ProgramFailedError } from "./program-failure.ts";
export { ProgramRun } from "./program-run.ts";
export type { RegisteredResource } from "./resource-monitor.ts";
export type { ArchiveValue, AssetValue, PropertyMap, PropertyValue } from "./wire-values.ts";
export { isArchive, isAsset, isUnknown } from "./wire-values.ts";

/** What to run and how. */
export interface RunProgramOptions {
  /** Directory holding `Pulumi.yaml`. */
  projectDir: string;
  /** @default "dev" */
  stack?: string;
  /** Config values laid over `Pulumi.<stack>.yaml`, keyed as written there (`<project>:stageName`); `undefined` removes one. */
  config?: Record<string, unknown>;
  /** Run as `pulumi preview` (`--dry-run`): computed outputs stay unknown. @default false (like `pulumi up`) */
  dryRun?: boolean;
  /** Account id of simulated ARNs. @default "123456789012" */
  accountId?: string;
  /** Kill the program after this long. @default 120000 */
  timeoutMs?: number;
}

/**
 * Runs a Pulumi Node.js program the way `pulumi up` (or `pulumi preview` with `dryRun`) does, against an
 * in-process resource monitor whose AWS resources are simulated.
 * @throws {ProgramFailedError} when the program exits non-zero; config errors (e.g. a `secure:` value) before it starts.
 * @example
 * const run = await runProgram({ projectDir: ".", stack: "dev" });
 * run.ofType("aws:lambda/function:Function")[0].inputs.code; // { kind: "FileArchive", path: "./dist" }
 */
export async function runProgram(options: RunProgramOptions): Promise<ProgramRun> {
  const projectDir = resolve(options.projectDir);
  const stack = options.stack ?? "dev";
  const dryRun = options.dryRun ?? false;
  const { project, config } = await loadProject(projectDir, stack, options.config);
  const session = await EngineSession.start({ projectDir, project, stack, config, dryRun, accountId: options.accountId });
  try {
    const command = buildProgramCommand({ projectDir, project, stack, config, addr: session.addr, dryRun });
    return session.result(await runProcess(command, options.timeoutMs ?? 120_000));
  } finally {
    await session.close();
  }
}
