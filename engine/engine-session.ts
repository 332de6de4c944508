import { findById, simulateAwsCall, simulateAwsResource } from "./aws-simulation.ts";
import type { AwsEnvironment, SimulatedResource } from "./aws-simulation.ts";
import { EngineService } from "./engine-service.ts";
import { startServer, type RunningServer } from "./grpc-server.ts";
import { ProgramFailedError } from "./program-failure.ts";
import type { ProcessExit } from "./program-process.ts";
import { ProgramRun } from "./program-run.ts";
import type { ProjectFile } from "./project-config.ts";
import { ResourceMonitor } from "./resource-monitor.ts";
import type { NewResourceArgs, NewResourceResult, RegisteredResource } from "./resource-monitor.ts";
import type { PropertyMap } from "./wire-values.ts";

/** What {@link EngineSession.start} needs: the project, stack and config of one run. */
export interface EngineSessionArgs {
  projectDir: string;
  project: ProjectFile;
  stack: string;
  /** `PULUMI_CONFIG` values. */
  config: Record<string, string>;
  dryRun: boolean;
  /** @default "123456789012" */
  accountId?: string;
}

/**
 * The engine's side of one program run: a resource monitor simulating AWS and the engine service, served on
 * a loopback gRPC port for the program process to call.
 */
export class EngineSession {
  private closing?: Promise<void>;

  private constructor(
    private readonly args: EngineSessionArgs,
    private readonly monitor: ResourceMonitor,
    private readonly engine: EngineService,
    private readonly server: RunningServer,
  ) {}

  static async start(args: EngineSessionArgs): Promise<EngineSession> {
    const env = { region: args.config["aws:region"] ?? "us-east-1", accountId: args.accountId ?? "123456789012" };
    const monitor = new ResourceMonitor({
      project: args.project.name,
      stack: args.stack,
      organization: "organization",
      dryRun: args.dryRun,
      newResource: (resource, registered) => simulate(resource, registered, env),
      call: (token, callArgs) => simulateAwsCall(token, callArgs, env),
    });
    const engine = new EngineService();
    return new EngineSession(args, monitor, engine, await startServer(monitor, engine));
  }

  /** `host:port` to pass as `--monitor` and `--engine`. */
  get addr(): string {
    return this.server.addr;
  }

  /**
   * What the program registered, once its process has exited.
   * @throws {ProgramFailedError} when it exited non-zero.
   */
  result(exit: ProcessExit): ProgramRun {
    const { projectDir, project, stack } = this.args;
    const resources = [...this.monitor.resources.values()];
    if (exit.code !== 0) {
      throw new ProgramFailedError({ project: project.name, stack, exit, diagnostics: this.engine.diagnostics, resources });
    }
    return new ProgramRun(projectDir, project.name, stack, resources, this.engine.diagnostics, exit.stdout, exit.stderr);
  }

  /** Stops serving; closing again waits for the same. */
  close(): Promise<void> {
    this.closing ??= this.server.close();
    return this.closing;
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
