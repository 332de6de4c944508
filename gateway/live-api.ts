/**
 * The API `npm start` serves, kept in step with the files it comes from. At start it reuses the cached run of
 * the program when nothing the run depends on has changed (engine/run-cache.ts), else runs the program.
 * {@link LiveApi.refresh} compares the files with those of the served run and, when any changed, runs the
 * program again (engine/program-runner.ts) and swaps the served API in one assignment: a request is served
 * by the API in place when it arrived. A run, or an API built from it, that fails leaves the last good API
 * serving, and the log says why.
 */
import * as path from "node:path";
import type { ProgramRunner, RunnerResult } from "../engine/program-runner.ts";
import type { ProgramRun } from "../engine/program-run.ts";
import { changedSources, snapshotSources, type SourceSnapshot } from "../engine/program-sources.ts";
import { loadProject } from "../engine/project-config.ts";
import { RunCache, runKey, type RunKey } from "../engine/run-cache.ts";
import { describeApiChanges } from "./api-changes.ts";
import { startEchoServer, type RunningEcho } from "./echo-server.ts";
import { describeFailure } from "./failure-summary.ts";
import { Gateway } from "./gateway.ts";
import { echoOverride, embeddedEchoPort, NOT_PROGRAM, PROJECT_DIR, takesEchoEndpoint, type EchoMode } from "./local-project.ts";
import { readDeclaredApi, restApiNames, type DeclaredApi } from "./declared-api.ts";
import { describeProblems, newProblems, ProgramTypeCheck, typeCheckSees, type TypeProblem } from "./type-check/program-type-check.ts";
import type { GatewaySource } from "./server.ts";

export interface LiveApiOptions {
  /** @default PROJECT_DIR */
  readonly projectDir?: string;
  /** @default "dev" */
  readonly stack?: string;
  /** @default "embedded" */
  readonly echoEndpoint?: EchoMode;
  /** Reuse the cached run when nothing it depends on has changed; a fresh run replaces it either way. @default true */
  readonly useCache?: boolean;
  /** Receives what happens: a run started, a reload done or failed. */
  readonly log: (message: string) => void;
  /** Top-level folders that are not the program. @default NOT_PROGRAM for this project, none for another */
  readonly exclude?: readonly string[];
  /** Logical name of the REST API to serve, when the program declares several. */
  readonly api?: string;
  /** Apply the stage's throttling. @default false */
  readonly throttle?: boolean;
  /** Once reloads are prepared, refuse a reload that brings new type errors. @default true */
  readonly typeCheck?: boolean;
}

/** How the served API was obtained at start. */
export type StartedFrom = { readonly cache: true } | { readonly cache: false; readonly reason: string };

interface Served {
  readonly gateway: Gateway;
  readonly key: RunKey;
  /** The REST APIs the run declares, by logical name. */
  readonly apiNames: readonly string[];
}

/** How an API is built from a run. */
interface GatewayOptions {
  readonly api?: string;
  readonly throttle?: boolean;
}

interface Context {
  readonly projectDir: string;
  readonly stack: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly exclude: readonly string[];
  readonly cache: RunCache;
  readonly log: (message: string) => void;
  readonly gateway: GatewayOptions;
  readonly typeCheck: boolean;
}

export class LiveApi implements GatewaySource {
  /** Sources of the last run tried, good or not: a failing state is not run again until a file changes. */
  private tried: SourceSnapshot;
  private runner?: Promise<ProgramRunner>;
  private packageModules: readonly string[];
  private keepPrepared = false;
  private refreshing?: Promise<void>;
  private again = false;
  private closed = false;
  private readonly reloadListeners: ((model: DeclaredApi) => void)[] = [];
  private typeCheck?: ProgramTypeCheck;
  /** The type errors of the served sources, which a reload is not refused for. */
  private acceptedTypeProblems?: Promise<readonly TypeProblem[]>;

  private constructor(
    private readonly context: Context,
    private served: Served,
    readonly startedFrom: StartedFrom,
    readonly echo: RunningEcho | undefined,
    runner: Promise<ProgramRunner> | undefined,
    packageModules: readonly string[],
  ) {
    this.tried = served.key.sources;
    this.runner = runner;
    this.packageModules = packageModules;
  }

  static async start(options: LiveApiOptions): Promise<LiveApi> {
    const projectDir = path.resolve(options.projectDir ?? PROJECT_DIR);
    const stack = options.stack ?? "dev";
    const cache = new RunCache(path.join(projectDir, ".build", "local-gateway", `${stack}.json`));
    const { project } = await loadProject(projectDir, stack);
    // Only a program that declares an echo endpoint gets one.
    const mode = takesEchoEndpoint(project) ? options.echoEndpoint ?? "embedded" : "stack";
    // The embedded echo takes the port it had in the cached run when it can, so that run's config still holds.
    const echo = mode === "embedded" ? await startEmbeddedEcho(embeddedEchoPort(project.name, await cache.cachedConfig(), "127.0.0.1")) : undefined;
    const endpoint = echo?.endpoint ?? (mode === "stack" ? undefined : mode);
    const context: Context = {
      projectDir, stack, cache, log: options.log, overrides: echoOverride(project.name, endpoint),
      exclude: options.exclude ?? (projectDir === PROJECT_DIR ? NOT_PROGRAM : []),
      gateway: { api: options.api, throttle: options.throttle }, typeCheck: options.typeCheck ?? true,
    };
    let runner: Promise<ProgramRunner> | undefined;
    try {
      const key = await keyOf(context, await snapshotSources(projectDir, { exclude: context.exclude }));
      const cached = options.useCache === false ? { miss: "the cache is bypassed" } : await cache.lookup(key);
      if ("hit" in cached) {
        const served = await servedOf(cached.hit.run, key, context.gateway);
        return new LiveApi(context, served, { cache: true }, echo, undefined, cached.hit.packageModules);
      }
      options.log(`Running the program (${cached.miss})`);
      runner = startRunner(context);
      const result = await (await runner).run();
      const served = await servedOf(result.run, key, context.gateway);
      await storeIfUnchanged(context, key, result);
      return new LiveApi(context, served, { cache: false, reason: cached.miss }, echo, runner, result.packageModules);
    } catch (err) {
      await (await runner)?.close();
      await echo?.close();
      throw err;
    }
  }

  get projectDir(): string {
    return this.context.projectDir;
  }

  get current(): Gateway {
    return this.served.gateway;
  }

  get model(): DeclaredApi {
    return this.served.gateway.model;
  }

  /** Every REST API the program declares, by logical name. */
  get apiNames(): readonly string[] {
    return this.served.apiNames;
  }

  /** Calls `listener` with the new API after each reload. */
  onReload(listener: (model: DeclaredApi) => void): void {
    this.reloadListeners.push(listener);
  }

  /** The directories (relative to the project) holding the served API's sources; a change shows up in one of them. */
  get sourceDirectories(): readonly string[] {
    return this.tried.directories;
  }

  /**
   * Starts the program process the next reload will use (it loads the packages the last run used), and
   * keeps one ready after every reload; and, unless turned off, the type check reloads pass through.
   * Resolves when the process is ready and the served sources' first type check is done.
   */
  async prepareReloads(): Promise<void> {
    this.keepPrepared = true;
    const { projectDir, exclude, log } = this.context;
    if (this.context.typeCheck && this.typeCheck === undefined) {
      this.typeCheck = ProgramTypeCheck.start({ projectDir, exclude }, log);
      this.acceptedTypeProblems = this.typeCheck?.check();
    }
    await Promise.all([this.prepare(), this.acceptedTypeProblems]);
  }

  /**
   * Reloads if the sources differ from the served API's (and from those of a failed try); resolves when
   * done. A call made while one runs is folded into one more pass after it.
   */
  refresh(): Promise<void> {
    if (this.refreshing !== undefined) {
      this.again = true;
      return this.refreshing;
    }
    const passes = async () => {
      do {
        this.again = false;
        await this.refreshOnce();
      } while (this.again && !this.closed);
    };
    this.refreshing = passes().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Stops the runner (and a run in progress, whose reload is dropped) and the embedded echo. */
  async close(): Promise<void> {
    this.closed = true;
    await (await this.runner)?.close();
    await this.refreshing;
    await this.typeCheck?.close();
    await this.echo?.close();
  }

  private async refreshOnce(): Promise<void> {
    const { context } = this;
    const sources = await snapshotSources(context.projectDir, { exclude: context.exclude });
    const changed = changedSources(this.tried, sources);
    if (changed.length === 0) return;
    this.tried = sources;
    const unserved = changedSources(this.served.key.sources, sources);
    if (unserved.length === 0) {
      context.log("Sources are back to those of the served API; nothing to reload");
      return;
    }
    const what = `${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ` and ${changed.length - 3} more` : ""} changed`;
    const started = performance.now();
    try {
      const key = await keyOf(context, sources);
      // Against the served sources: a TypeScript file whose reload was refused is still to be checked.
      const typeProblems = unserved.some(typeCheckSees) ? this.typeCheck?.check() : undefined;
      this.runner ??= startRunner(context);
      const result = await (await this.runner).run();
      if (typeProblems !== undefined) await this.refuseNewTypeErrors(await typeProblems);
      const served = await servedOf(result.run, key, context.gateway);
      const before = this.served.gateway.model;
      this.served = served;
      for (const listener of this.reloadListeners) listener(served.gateway.model);
      this.packageModules = result.packageModules;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      context.log(`Reloaded in ${seconds} s (${what}): ${describeApiChanges(before, served.gateway.model)}`);
      await storeIfUnchanged(context, key, result);
    } catch (err) {
      if (this.closed) return;
      context.log(`Reload failed (${what}); still serving the previous API:\n${indent(describeFailure(err, context.projectDir))}`);
    }
    if (this.keepPrepared && !this.closed) void this.prepare();
  }

  /** @throws when `problems` has type errors the served sources did not have; else they become the accepted ones. */
  private async refuseNewTypeErrors(problems: readonly TypeProblem[]): Promise<void> {
    const added = newProblems(problems, await this.acceptedTypeProblems ?? []);
    if (added.length > 0) throw new Error(describeProblems(added));
    this.acceptedTypeProblems = Promise.resolve(problems);
  }

  private async prepare(): Promise<void> {
    this.runner ??= startRunner(this.context);
    await (await this.runner).prepare(this.packageModules);
  }
}

/** The runner is loaded on first use: a start from the cache never loads the engine. */
async function startRunner(context: Context): Promise<ProgramRunner> {
  const { ProgramRunner } = await import("../engine/program-runner.ts");
  return new ProgramRunner({ projectDir: context.projectDir, stack: context.stack, config: context.overrides });
}

async function keyOf(context: Context, sources: SourceSnapshot): Promise<RunKey> {
  const { config } = await loadProject(context.projectDir, context.stack, context.overrides);
  return runKey(context.stack, config, sources);
}

async function servedOf(run: ProgramRun, key: RunKey, options: GatewayOptions): Promise<Served> {
  const gateway = new Gateway(readDeclaredApi(run, key.config["aws:region"] ?? "us-east-1", options.api), { throttle: options.throttle });
  await gateway.warmUp();
  return { gateway, key, apiNames: restApiNames(run) };
}

/** Caches the run, unless a source changed while it ran (it may have read either version). */
async function storeIfUnchanged(context: Context, key: RunKey, result: RunnerResult): Promise<void> {
  const after = await snapshotSources(context.projectDir, { exclude: context.exclude });
  if (changedSources(key.sources, after).length === 0) await context.cache.store(key, result.run, result.packageModules);
}

async function startEmbeddedEcho(port: number | undefined): Promise<RunningEcho> {
  try {
    return await startEchoServer("127.0.0.1", port ?? 0);
  } catch {
    // That port is taken now: any port, and the cached run (which names the old one) will not fit.
    return startEchoServer("127.0.0.1", 0);
  }
}

function indent(text: string): string {
  return text.split("\n").map((line) => `  ${line}`).join("\n");
}
