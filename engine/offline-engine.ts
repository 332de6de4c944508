import { resolve } from "node:path";
import { findById, simulateAwsCall, simulateAwsResource } from "./aws-simulation.ts";
import type { AwsEnvironment, SimulatedResource } from "./aws-simulation.ts";
import { EngineService } from "./engine-service.ts";
import { startServer } from "./grpc-server.ts";
import { ProgramFailedError } from "./program-failure.ts";
import { buildProgramCommand, runProcess } from "./program-process.ts";
import { ProgramRun } from "./program-run.ts";
import { loadProject } from "./project-config.ts";
import { ResourceMonitor } from "./resource-monitor.ts";
import type { NewResourceArgs, NewResourceResult, RegisteredResource } from "./resource-monitor.ts";
import type { PropertyMap } from "./wire-values.ts";

export type { Diagnostic } from "./engine-service.ts";
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
  const env = { region: config["aws:region"] ?? "us-east-1", accountId: options.accountId ?? "123456789012" };
  const monitor = new ResourceMonitor({
    project: project.name,
    stack,
    organization: "organization",
    dryRun,
    newResource: (args, registered) => simulate(args, registered, env),
    call: (token, args) => simulateAwsCall(token, args, env),
  });
  const engine = new EngineService();
  const server = await startServer(monitor, engine);
  try {
    const command = buildProgramCommand({ projectDir, project, stack, config, addr: server.addr, dryRun });
    const exit = await runProcess(command, options.timeoutMs ?? 120_000);
    const resources = [...monitor.resources.values()];
    if (exit.code !== 0) {
      throw new ProgramFailedError({ project: project.name, stack, exit, diagnostics: engine.diagnostics, resources });
    }
    return new ProgramRun(projectDir, project.name, stack, resources, engine.diagnostics, exit.stdout, exit.stderr);
  } finally {
    await server.close();
  }
}

function simulate(
  args: NewResourceArgs,
  registered: ReadonlyMap<string, RegisteredResource>,
  env: Omit<AwsEnvironment, "lookup">,
): NewResourceResult {
  if (args.type === "pulumi:pulumi:StackReference") {
    // Other stacks do not exist offline: a reference reads as a stack without outputs.
    const state = { name: args.inputs.name ?? null, outputs: {}, secretOutputNames: [] };
    return { id: args.id ?? args.name, state, checkedInputs: args.inputs };
  }
  const lookup = (id: string): SimulatedResource | undefined => findById(simulated(registered), id);
  const region = providerRegion(args.provider, registered) ?? env.region;
  const { id, state, checkedInputs } = simulateAwsResource(args, { ...env, region, lookup });
  // The simulation only adds JSON values to the decoded inputs it was given.
  return { id, state: state as PropertyMap, checkedInputs: checkedInputs as PropertyMap };
}

/** The `region` of an explicit `aws.Provider`, which its resources live in. */
function providerRegion(ref: string | undefined, registered: ReadonlyMap<string, RegisteredResource>): string | undefined {
  const urn = ref?.slice(0, ref.lastIndexOf("::"));
  const region = urn === undefined ? undefined : registered.get(urn)?.inputs.region;
  return typeof region === "string" ? region : undefined;
}

function* simulated(registered: ReadonlyMap<string, RegisteredResource>): Generator<SimulatedResource> {
  for (const r of registered.values()) {
    if (r.id !== undefined) yield { type: r.type, id: r.id, state: r.outputs };
  }
}
