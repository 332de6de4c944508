/**
 * Everything the local gateway needs, from a project directory and a stack: runs the program with the
 * offline engine, builds the API model from what it registered, and (by default) points the HTTP
 * echo route at an embedded loopback echo.
 */
import { runProgram, type ProgramRun } from "../engine/offline-engine.ts";
import { loadProject } from "../engine/project-config.ts";
import { startEchoServer, type RunningEcho } from "./echo-server.ts";
import { Gateway } from "./gateway.ts";
import { echoOverride, PROJECT_DIR, takesEchoEndpoint, type EchoMode } from "./local-project.ts";
import { readDeclaredApi, type DeclaredApi } from "./declared-api.ts";

export interface LocalApiOptions {
  /** @default PROJECT_DIR */
  readonly projectDir?: string;
  /** @default "dev" */
  readonly stack?: string;
  /**
   * `"embedded"`: start a loopback echo and point the HTTP route at it; `"stack"`: keep the stack's
   * configured endpoint; any other value: that URL.
   * @default "embedded"
   */
  readonly echoEndpoint?: EchoMode;
  /** More config laid over the stack's, keyed like `Pulumi.<stack>.yaml`. */
  readonly config?: Record<string, unknown>;
  /** Logical name of the REST API to serve, when the program declares several. */
  readonly api?: string;
  /** Apply the stage's throttling. @default false */
  readonly throttle?: boolean;
}

export interface LocalApi {
  readonly gateway: Gateway;
  readonly model: DeclaredApi;
  readonly run: ProgramRun;
  /** The embedded echo, when one was started. */
  readonly echo?: RunningEcho;
  close(): Promise<void>;
}

export async function loadLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const projectDir = options.projectDir ?? PROJECT_DIR;
  const stack = options.stack ?? "dev";
  const { project, config } = await loadProject(projectDir, stack);
  // Only a program that declares an echo endpoint gets one.
  const mode = takesEchoEndpoint(project) ? options.echoEndpoint ?? "embedded" : "stack";
  const echo = mode === "embedded" ? await startEchoServer() : undefined;
  try {
    const endpoint = echo?.endpoint ?? (mode === "stack" ? undefined : mode);
    const overrides = echoOverride(project.name, endpoint);
    const run = await runProgram({ projectDir, stack, config: { ...overrides, ...options.config } });
    const model = readDeclaredApi(run, config["aws:region"] ?? "us-east-1", options.api);
    const gateway = new Gateway(model, { throttle: options.throttle });
    await gateway.warmUp();
    return { gateway, model, run, echo, close: async () => echo?.close() };
  } catch (err) {
    await echo?.close();
    throw err;
  }
}
