import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join, resolve } from "node:path";
import type { ProjectFile } from "./project-config.ts";

/** A process to start: executable, argv, environment and working directory. */
export interface ProgramCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** Inputs of {@link buildProgramCommand}. */
export interface ProgramCommandArgs {
  projectDir: string;
  project: ProjectFile;
  stack: string;
  /** `PULUMI_CONFIG` values. */
  config: Record<string, string>;
  /** `host:port` of the resource monitor and the engine. */
  addr: string;
  dryRun: boolean;
  /** @default 16 */
  parallel?: number;
  /** Directory of `@pulumi/pulumi/cmd/run`. @default - resolved from projectDir like the language host. */
  runScript?: string;
  /** Environment the program inherits. @default process.env */
  baseEnv?: NodeJS.ProcessEnv;
  /**
   * A script node starts instead of the run script, with the run script's path and arguments after it, which
   * starts the run script itself. @default - none: node starts the run script
   */
  launcher?: string;
}

/** How a program process ended, with everything it printed. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The command `pulumi-language-nodejs` runs: `node [nodeargs] <@pulumi/pulumi>/cmd/run --monitor … <main>` in
 * the project directory, with config in `PULUMI_CONFIG`.
 */
export function buildProgramCommand(args: ProgramCommandArgs): ProgramCommand {
  const projectDir = resolve(args.projectDir);
  const flags = [
    "--monitor", args.addr,
    "--engine", args.addr,
    "--organization", "organization",
    "--project", args.project.name,
    "--root-directory", projectDir,
    "--stack", args.stack,
    "--pwd", projectDir,
    ...(args.dryRun ? ["--dry-run"] : []),
    "--parallel", String(args.parallel ?? 16),
  ];
  const ownRunScript = args.runScript ?? ownPulumiRunScript(projectDir);
  // A program with no packages installed runs on this project's, found through a resolve hook.
  const fallback = ownRunScript === undefined ? ["--import", PACKAGE_FALLBACK] : [];
  const runScript = ownRunScript ?? resolveRunScript(PROJECT_ROOT);
  return {
    command: process.execPath,
    args: [...fallback, ...args.project.runtime.nodeargs, ...(args.launcher ? [args.launcher] : []), runScript, ...flags, args.project.main],
    env: {
      ...inheritedEnv(args.baseEnv ?? process.env),
      PULUMI_CONFIG: JSON.stringify(args.config),
      PULUMI_CONFIG_SECRET_KEYS: "[]",
      PULUMI_NODEJS_TYPESCRIPT: String(args.project.runtime.typescript),
      // The run script puts its flags here before loading the SDK, which reads them once; a launcher may load it first.
      ...(args.launcher ? settingsFromFlags(args, projectDir) : {}),
    },
    cwd: projectDir,
  };
}

function settingsFromFlags(args: ProgramCommandArgs, projectDir: string): Record<string, string> {
  return {
    PULUMI_NODEJS_ORGANIZATION: "organization",
    PULUMI_NODEJS_PROJECT: args.project.name,
    PULUMI_NODEJS_ROOT_DIRECTORY: projectDir,
    PULUMI_NODEJS_STACK: args.stack,
    ...(args.dryRun ? { PULUMI_NODEJS_DRY_RUN: "true" } : {}),
    PULUMI_NODEJS_PARALLEL: String(args.parallel ?? 16),
    PULUMI_NODEJS_MONITOR: args.addr,
    PULUMI_NODEJS_ENGINE: args.addr,
  };
}

/** The run script of the `@pulumi/pulumi` the project itself resolves. */
export function resolveRunScript(projectDir: string): string {
  const require = createRequire(join(resolve(projectDir), "package.json"));
  return dirname(require.resolve("@pulumi/pulumi/cmd/run"));
}

/** This project, whose packages a program without its own runs on. */
const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const PACKAGE_FALLBACK = pathToFileURL(join(PROJECT_ROOT, "engine", "runtime", "package-fallback.mjs")).href;

/** The program's own `@pulumi/pulumi` run script; undefined when it has none installed. */
function ownPulumiRunScript(projectDir: string): string | undefined {
  try {
    return resolveRunScript(projectDir);
  } catch {
    return undefined;
  }
}

/**
 * Starts the command and resolves when it exits; kills it after `timeoutMs`.
 * @throws when it cannot start or times out.
 */
export function runProcess(cmd: ProgramCommand, timeoutMs: number): Promise<ProcessExit> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: cmd.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`program in ${cmd.cwd} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const decode = (chunks: Buffer[]): string => Buffer.concat(chunks).toString("utf8");
      resolvePromise({ code, signal, stdout: decode(out), stderr: decode(err) });
    });
  });
}

function inheritedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    // Settings of an outer Pulumi run must not leak into this one.
    if (value !== undefined && !key.startsWith("PULUMI_NODEJS_") && !key.startsWith("PULUMI_CONFIG")) kept[key] = value;
  }
  return kept;
}
