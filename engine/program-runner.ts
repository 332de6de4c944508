/**
 * Runs one project's program for one stack as often as asked, each run in a process of its own as with the
 * Pulumi CLI, but started ahead of time: after a run, the process for the next one is started and loads the
 * packages the run used (the SDK and providers take seconds), then waits. A run then costs little more than
 * the program itself. A waiting process whose config or project settings no longer match, or whose
 * packages or TypeScript settings may have changed since it loaded them, is replaced.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EngineSession } from "./engine-session.ts";
import { buildProgramCommand, type ProcessExit, type ProgramCommand } from "./program-process.ts";
import type { ProgramRun } from "./program-run.ts";
import { hashOf } from "./program-sources.ts";
import { loadProject, type LoadedProject } from "./project-config.ts";

const LAUNCHER = fileURLToPath(new URL("./runtime/waiting-run.mjs", import.meta.url));
/**
 * What a process reads once, when it starts: the packages it preloads (an install rewrites the lockfiles,
 * npm's own under node_modules included) and tsx's settings.
 */
const PROCESS_INPUTS = ["package.json", "package-lock.json", "node_modules/.package-lock.json", "tsconfig.json"];

export interface ProgramRunnerOptions {
  readonly projectDir: string;
  readonly stack: string;
  /** Config laid over the stack's, as for `runProgram`. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Kill a run after this long. @default 120000 */
  readonly timeoutMs?: number;
}

/** A run, and the package modules its process loaded (what the next process preloads). */
export interface RunnerResult {
  readonly run: ProgramRun;
  readonly packageModules: readonly string[];
}

export class ProgramRunner {
  private waiting?: WaitingProcess;
  /** A waiting process being started. */
  private starting?: Promise<void>;
  private running?: WaitingProcess;
  private packageModules: readonly string[] = [];
  private closed = false;

  constructor(private readonly options: ProgramRunnerOptions) {}

  /**
   * Runs the program as its files are now, in the waiting process if it still fits.
   * @throws {ProgramFailedError} when the program fails; a config error before it starts.
   */
  async run(): Promise<RunnerResult> {
    const projectDir = resolve(this.options.projectDir);
    const loaded = await loadProject(projectDir, this.options.stack, this.options.config);
    const settings = await settingsOf(projectDir, loaded);
    // A process being prepared is further along than a new one would be.
    await this.starting;
    let started = this.waiting;
    this.waiting = undefined;
    if (started === undefined || started.settings !== settings || started.exited) {
      await started?.discard();
      started = await WaitingProcess.start(projectDir, this.options.stack, loaded, settings, this.packageModules);
    }
    if (this.closed) {
      await started.discard();
      throw new Error("the program runner is closed");
    }
    this.running = started;
    try {
      const result = await started.go(this.options.timeoutMs ?? 120_000);
      if (result.packageModules.length > 0) this.packageModules = result.packageModules;
      return result;
    } finally {
      this.running = undefined;
    }
  }

  /**
   * Starts the process the next run will use, preloading `packageModules` (default: what the last run
   * loaded), and resolves once it has loaded them. Does nothing more if one is waiting already.
   */
  async prepare(packageModules?: readonly string[]): Promise<void> {
    if (packageModules !== undefined) this.packageModules = packageModules;
    if (this.waiting === undefined && !this.closed) {
      this.starting ??= this.startWaiting().finally(() => (this.starting = undefined));
      await this.starting;
    }
    await this.waiting?.ready;
  }

  private async startWaiting(): Promise<void> {
    const projectDir = resolve(this.options.projectDir);
    // A config that does not load now will fail the run, which then starts its own process.
    const loaded = await loadProject(projectDir, this.options.stack, this.options.config).catch(() => undefined);
    if (loaded === undefined || this.closed) return;
    const started = await WaitingProcess.start(projectDir, this.options.stack, loaded, await settingsOf(projectDir, loaded), this.packageModules);
    if (this.closed) await started.discard();
    else this.waiting = started;
  }

  /** Ends the waiting process, and a run in progress (which then fails). */
  async close(): Promise<void> {
    this.closed = true;
    await this.starting;
    await Promise.all([this.waiting?.discard(), this.running?.discard()]);
    this.waiting = undefined;
  }
}

/** A program process that has loaded its packages and waits for the word to run. */
class WaitingProcess {
  exited = false;
  /** Resolves once the packages are loaded (or the process has ended). */
  readonly ready: Promise<void>;
  private readonly exit: Promise<ProcessExit & { reported: string }>;

  private constructor(
    private readonly session: EngineSession,
    private readonly command: ProgramCommand,
    private readonly child: ChildProcess,
    /** The project file, config and process inputs it was started with. */
    readonly settings: string,
  ) {
    let signalReady = () => undefined as void;
    this.ready = new Promise((resolvePromise) => (signalReady = resolvePromise));
    this.exit = collectExit(child, signalReady);
    void this.exit.then(() => {
      this.exited = true;
      signalReady();
    });
  }

  static async start(projectDir: string, stack: string, loaded: LoadedProject, settings: string, preload: readonly string[]): Promise<WaitingProcess> {
    const { project, config } = loaded;
    const session = await EngineSession.start({ projectDir, project, stack, config, dryRun: false });
    const command = buildProgramCommand({ projectDir, project, stack, config, addr: session.addr, dryRun: false, launcher: LAUNCHER });
    const child = spawn(command.command, command.args, { cwd: command.cwd, env: command.env, stdio: ["pipe", "pipe", "pipe", "pipe"] });
    child.stdin?.on("error", () => undefined);
    child.stdin?.write(`${JSON.stringify({ preload })}\n`);
    return new WaitingProcess(session, command, child, settings);
  }

  async go(timeoutMs: number): Promise<RunnerResult> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    try {
      this.child.stdin?.end("go\n");
      const exit = await this.exit;
      if (exit.signal === "SIGKILL" && exit.code === null) throw new Error(`program in ${this.command.cwd} did not exit within ${timeoutMs} ms`);
      return { run: this.session.result(exit), packageModules: parseModules(exit.reported) };
    } finally {
      clearTimeout(timer);
      await this.session.close();
    }
  }

  async discard(): Promise<void> {
    this.child.stdin?.end();
    if (!this.exited) this.child.kill();
    await this.exit;
    await this.session.close();
  }
}

/** What a waiting process must have been started with to serve a run: see {@link PROCESS_INPUTS}. */
async function settingsOf(projectDir: string, loaded: LoadedProject): Promise<string> {
  const inputs = await Promise.all(PROCESS_INPUTS.map((file) => readFile(join(projectDir, file)).then(hashOf, () => "")));
  return JSON.stringify([loaded.project, loaded.config, inputs]);
}

/** Everything the process prints, until it ends; `reported` is what it wrote to fd 3 after "ready". */
function collectExit(child: ChildProcess, onReady: () => void): Promise<ProcessExit & { reported: string }> {
  const streams = { out: [] as Buffer[], err: [] as Buffer[], report: [] as Buffer[] };
  child.stdout?.on("data", (chunk: Buffer) => streams.out.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => streams.err.push(chunk));
  child.stdio[3]?.on("data", (chunk: Buffer) => {
    streams.report.push(chunk);
    if (chunk.includes("\n")) onReady();
  });
  const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString("utf8");
  return new Promise((resolvePromise) => {
    child.on("error", (err) => resolvePromise({ code: null, signal: null, stdout: "", stderr: String(err), reported: "" }));
    child.on("close", (code, signal) => {
      const reported = text(streams.report).replace(/^ready\n/, "");
      resolvePromise({ code, signal, stdout: text(streams.out), stderr: text(streams.err), reported });
    });
  });
}

function parseModules(reported: string): string[] {
  try {
    const modules: unknown = JSON.parse(reported);
    return Array.isArray(modules) ? modules.filter((m): m is string => typeof m === "string") : [];
  } catch {
    return [];
  }
}
