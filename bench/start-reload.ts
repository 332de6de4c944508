/**
 * `npm run bench -- start`: how long `npm start` takes to answer its first request, cold (no cached run, no
 * compile caches: a fresh clone's first start) and warm (started before, nothing changed), and how long a
 * saved template takes to show in a response while it runs. Each figure is the median of BENCH_RUNS runs
 * (default 5). It works on a copy of the project under .build/bench/, never on the project's own files.
 *
 * With BENCH_SERVERLESS_DIR set to a directory where serverless 3 and serverless-offline 13 are installed
 * (`npm install serverless@3 serverless-offline@13` in an empty directory), it also starts serverless-offline
 * (in-process mode) the same way on the same template and handler, and compares.
 */
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, median } from "./measure.ts";

const ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** How long a running gateway is left alone before a reload is timed: it prepares the process reloads use. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 8000);
const SERVERLESS_DIR = process.env.BENCH_SERVERLESS_DIR;
const SEED = {
  path: "/dev/lambda/path1/path2?query1=querystring1&query2=querystring2",
  headers: { header1: "value1", header2: "value2", "Content-Type": "application/json" },
  body: '{"keybody":"valuebody"}',
};
/** Not the program: what the copy leaves out. */
const NOT_COPIED = new Set(["node_modules", ".git", ".build"]);

interface Started {
  /** Milliseconds from the command to the first answered request. */
  readonly ms: number;
  readonly port: number;
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_RUNS must be a whole number from 1, got "${process.env.BENCH_RUNS}"`);
  const project = await copyProject();
  console.log(`npm start on a copy of the project (${path.relative(ROOT, project)}), median of ${RUNS} runs each`);
  try {
    const cold = await repeat("cold start (no cached run, no compile caches)", async () => {
      await rm(path.join(project, ".build"), { recursive: true, force: true });
      const compileCache = await mkdtemp(path.join(tmpdir(), "bench-compile-cache-"));
      try {
        return await stopped(startGateway(project, { NODE_COMPILE_CACHE: compileCache, TSX_DISABLE_CACHE: "1" }));
      } finally {
        await rm(compileCache, { recursive: true, force: true, maxRetries: 5 });
      }
    });
    const warm = await repeat("warm start (started before, nothing changed)", () => stopped(startGateway(project)));
    const reload = await measureReloads(project);
    const serverless = SERVERLESS_DIR === undefined ? undefined : await measureServerless(SERVERLESS_DIR);
    console.log(`\ncold start ${seconds(cold)}, warm start ${seconds(warm)}, template saved → first response showing it ${seconds(reload)}`);
    if (serverless === undefined) {
      console.log("serverless-offline: skipped (set BENCH_SERVERLESS_DIR to a directory with serverless 3 and serverless-offline 13 installed)");
    } else {
      const share = warm / serverless;
      console.log(`serverless-offline start ${seconds(serverless)}: warm start is ${(share * 100).toFixed(0)} % of it (target ≤ 33 %)`);
    }
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}

/** Runs `measure` RUNS times, prints each figure, returns the median. */
async function repeat(label: string, measure: () => Promise<number>): Promise<number> {
  const figures: number[] = [];
  for (let i = 0; i < RUNS; i++) figures.push(await measure());
  console.log(`${label.padEnd(48)} ${figures.map(seconds).join("  ")}   median ${seconds(median(figures))}`);
  return median(figures);
}

async function stopped(starting: Promise<Started>): Promise<number> {
  const started = await starting;
  await started.stop();
  return started.ms;
}

/** `npm start -- --project <project>` on a free port, timed to its first answer. */
async function startGateway(project: string, env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  return startTimed(["npm", "start", "--", "--project", project, "--port", String(port)], ROOT, env, port, SEED.path);
}

/** Saves a new field into the running gateway's template, then asks until a response shows it; RUNS times. */
async function measureReloads(project: string): Promise<number> {
  const gateway = await startGateway(project);
  const template = path.join(project, "templates", "passthrough.vtl");
  const original = await readFile(template, "utf8");
  try {
    return await repeat("template saved → first response showing it", async () => {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const marker = `saved-${Date.now()}`;
      const started = performance.now();
      await writeFile(template, original.replace('"method" :', `"${marker}": true,\n"method" :`));
      for (;;) {
        const answer = await send(gateway.port, SEED.path).catch(() => "");
        if (answer.includes(marker)) return performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
  } finally {
    await writeFile(template, original);
    await gateway.stop();
  }
}

/** serverless-offline, in-process, on the project's template and an equivalent handler, timed the same way. */
async function measureServerless(dir: string): Promise<number | undefined> {
  if (!existsSync(path.join(dir, "node_modules", "serverless-offline")) || !existsSync(path.join(dir, "node_modules", ".bin", "serverless"))) {
    console.log(`serverless-offline: skipped (no serverless and serverless-offline installed in ${dir})`);
    return undefined;
  }
  await writeFile(path.join(dir, "passthrough.vtl"), await readFile(path.join(ROOT, "templates", "passthrough.vtl")));
  await writeFile(path.join(dir, "handler.mjs"), [
    "export const handler = async (event, context) => {",
    "  const json = JSON.stringify(event);",
    "  console.log(`${context.functionName} event: ${json}`);",
    "  return { statusCode: 200, body: json };",
    "};",
  ].join("\n"));
  await writeFile(path.join(dir, "serverless.yml"), [
    "service: passthrough-bench", 'frameworkVersion: "3"', "provider: { name: aws, runtime: nodejs20.x, stage: dev, region: us-east-1 }",
    "plugins: [serverless-offline]",
    "functions:", "  echo:", "    handler: handler.handler", "    events:",
    "      - http: { path: 'lambda/{proxy+}', method: any, integration: lambda, request: { template: { application/json: '${file(passthrough.vtl)}' } } }",
  ].join("\n"));
  const env = { SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" };
  return repeat("serverless-offline start (--useInProcess)", async () => {
    const port = await freePort();
    const lambdaPort = await freePort();
    const command = ["npm", "exec", "--offline", "--", "serverless", "offline", "--useInProcess", "--noTimeout", "--httpPort", String(port), "--lambdaPort", String(lambdaPort)];
    return stopped(startTimed(command, dir, env, port, SEED.path));
  });
}

/** Starts `command` in its own process group and resolves once a request to `port` is answered 200. */
async function startTimed(command: string[], cwd: string, env: Record<string, string>, port: number, route: string): Promise<Started> {
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    await exited;
    // npm may end before the processes it started: wait until none of the group is left.
    while (child.pid !== undefined && groupAlive(child.pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(" ")} exited with ${child.exitCode}:\n${errors}`);
      if (performance.now() - started > 120_000) throw new Error(`${command.join(" ")} answered nothing within 120 s:\n${errors}`);
      if (await send(port, route).then(() => true, () => false)) return { ms: performance.now() - started, port, stop };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The seed request; resolves with the body of a 200, rejects otherwise. */
async function send(port: number, route: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${route}`, { method: "POST", headers: SEED.headers, body: SEED.body });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return body;
}

async function copyProject(): Promise<string> {
  const parent = path.join(ROOT, ".build", "bench");
  await mkdir(parent, { recursive: true });
  const copy = await mkdtemp(path.join(parent, "project-"));
  try {
    for (const entry of await readdir(ROOT)) {
      if (!NOT_COPIED.has(entry)) await cp(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
  } catch (err) {
    await rm(copy, { recursive: true, force: true });
    throw err;
  }
  return copy;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
