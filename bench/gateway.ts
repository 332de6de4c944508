/**
 * `npm run bench`: req/s and latency of the seed's POST on the local gateway's Lambda route, beside a
 * bare node:http server measured the same way in the same run. Each round starts the servers afresh
 * and measures them in turns (bare, gateway, …, then the same in reverse), so that all see the same
 * moments of a shared machine; the median of the rounds' ratios counts. Each server runs in its own
 * process; the load (10 connections, closed loop) comes from wrk when it is installed (a C load
 * generator that is not the bottleneck), else from autocannon in this process. On Linux each window
 * also shows the server's CPU time per request and the share of time the hypervisor took (steal).
 * A third server, the prod stack, puts a REQUEST authorizer in front of the same route; with the
 * result cached (one token), it is measured against the unprotected gateway. A fourth serves the same
 * route with `--no-console`: what the console costs while no page is open is the gateway's share of it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, mean, median } from "./measure.ts";
import autocannon from "autocannon";

const ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const TARGET_RATIO = 0.4;
/** The protected route's share of the unprotected one's req/s, with the authorizer's result cached. */
const AUTHORIZER_TARGET_RATIO = 0.8;
/** The gateway's share of the same gateway without its console, no page being open. */
const CONSOLE_TARGET_RATIO = 0.95;
/** Seconds each server is measured per round, split over the round's windows. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Windows per server per round, and the seconds of each. */
const WINDOWS = 2;
const WINDOW_SECONDS = SECONDS / WINDOWS;
const SEED = {
  path: "/lambda/path1/path2?query1=querystring1&query2=querystring2",
  headers: { header1: "value1", header2: "value2", "Content-Type": "application/json" },
  body: '{"keybody":"valuebody"}',
};

interface Measure {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

interface Server {
  readonly label: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** The seed's headers, plus the authorizer's identity where the route is protected. */
  readonly headers: Record<string, string>;
}

/**
 * What one round measured: the gateway's share of bare, the protected route's share of the gateway,
 * and the gateway's share of itself without the console.
 */
interface RoundRatios {
  readonly gateway: number;
  readonly authorizer: number;
  readonly console: number;
}

const WRK = hasWrk();
/** Clock ticks per second of /proc's CPU times; undefined where there is no /proc. */
const CLOCK_TICKS = existsSync("/proc/stat") ? clockTicks() : undefined;

async function main(): Promise<void> {
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS must be a whole number from 1, got "${process.env.BENCH_ROUNDS}"`);
  if (!Number.isInteger(WINDOW_SECONDS) || WINDOW_SECONDS < 1) {
    throw new Error(`BENCH_SECONDS must be an even whole number from ${WINDOWS} (it is split over ${WINDOWS} windows), got "${process.env.BENCH_SECONDS}"`);
  }
  const load = WRK ? "wrk" : "autocannon (install wrk for a load generator that is not the bottleneck)";
  console.log(`load: ${load}, 10 connections; per round ${WARMUP_SECONDS} s warm-up, then ${WINDOWS} windows of ${WINDOW_SECONDS} s per server; ${ROUNDS} round(s)`);
  const rounds: RoundRatios[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`\nround ${round}`);
    rounds.push(await measureRound());
  }
  const ratio = median(rounds.map((r) => r.gateway));
  const authorizerRatio = median(rounds.map((r) => r.authorizer));
  const consoleRatio = median(rounds.map((r) => r.console));
  const label = ROUNDS > 1 ? `median ratio over ${ROUNDS} rounds` : "ratio";
  console.log(`\n${label}: ${percent(ratio)} of bare (target ≥ ${TARGET_RATIO * 100} %)`);
  console.log(`${label}, cached authorizer: ${percent(authorizerRatio)} of the unprotected route (target ≥ ${AUTHORIZER_TARGET_RATIO * 100} %)`);
  console.log(`${label}, console with no page open: ${percent(consoleRatio)} of --no-console (target ≥ ${CONSOLE_TARGET_RATIO * 100} %)`);
  if (ratio < TARGET_RATIO || authorizerRatio < AUTHORIZER_TARGET_RATIO || consoleRatio < CONSOLE_TARGET_RATIO) process.exitCode = 1;
}

/** One round: the servers started, warmed up, then measured in turns. */
async function measureRound(): Promise<RoundRatios> {
  const servers: Server[] = [];
  const serve = path.join(ROOT, "gateway", "cli", "serve.ts");
  try {
    servers.push(await start("bare node:http", path.join(ROOT, "bench", "bare-server.ts"), "", []));
    // No watching: the process it prepares for reloads would compete with the load.
    servers.push(await start("local gateway, Lambda route", serve, "/dev", ["--no-watch"]));
    servers.push(await start("  + authorizer, cached", serve, "/prod", ["--stack", "prod", "--no-watch"], { Authorization: "allow" }));
    servers.push(await start("  without the console", serve, "/dev", ["--no-watch", "--no-console"]));
    for (const server of servers) await load(server, WARMUP_SECONDS);
    const measured: Measure[][] = servers.map(() => []);
    // Every other turn goes in reverse, so that no server always follows the same one: over a round each
    // sits at the same average place, and a drift in the machine's speed weighs on all alike.
    for (let window = 0; window < WINDOWS; window++) {
      const order = [...servers.keys()];
      if (window % 2 === 1) order.reverse();
      for (const i of order) measured[i].push(await measureWindow(servers[i]));
    }
    const [bare, gateway, authorized, noConsole] = measured.map((windows) => mean(windows.map((m) => m.requestsPerSecond)));
    const failed = measured.slice(1).flat().reduce((sum, m) => sum + m.non2xx, 0);
    if (failed > 0) throw new Error(`the gateway answered ${failed} requests with a non-2xx status`);
    const ratios = { gateway: gateway / bare, authorizer: authorized / gateway, console: gateway / noConsole };
    console.log(`${"ratio".padEnd(30)} ${percent(ratios.gateway).padStart(13)}   authorizer, cached: ${percent(ratios.authorizer)} of the gateway`
      + `   console: ${percent(ratios.console)} of --no-console`);
    return ratios;
  } finally {
    for (const server of servers) server.child.kill();
  }
}

async function start(label: string, script: string, prefix: string, args: string[], headers: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", script, "--port", String(port), ...args], {
    cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"],
  });
  const server = { label, url: `http://127.0.0.1:${port}${prefix}${SEED.path}`, child, headers: { ...SEED.headers, ...headers } };
  try {
    await waitUntilServing(server);
  } catch (err) {
    child.kill();
    throw err;
  }
  return server;
}

async function measureWindow(server: Server): Promise<Measure> {
  const before = cpuSample(server.child.pid);
  const measured = await load(server, WINDOW_SECONDS);
  const after = cpuSample(server.child.pid);
  let usage = "";
  if (before && after && CLOCK_TICKS !== undefined && measured.requestsPerSecond > 0) {
    const requests = measured.requestsPerSecond * WINDOW_SECONDS;
    const cpuMicros = ((after.process - before.process) / CLOCK_TICKS) * 1e6 / requests;
    const steal = (after.steal - before.steal) / (after.total - before.total);
    usage = `   CPU ${cpuMicros.toFixed(0).padStart(3)} µs/request   steal ${percent(steal)}`;
  }
  const { requestsPerSecond: rps, p50, p99 } = measured;
  console.log(`${server.label.padEnd(30)} ${rps.toFixed(0).padStart(7)} req/s   p50 ${p50.toFixed(2)} ms   p99 ${p99.toFixed(2).padStart(5)} ms${usage}`);
  return measured;
}

/** The process's CPU time and the machine's steal and total time, in clock ticks (Linux /proc); undefined elsewhere. */
function cpuSample(pid: number | undefined): { process: number; steal: number; total: number } | undefined {
  if (CLOCK_TICKS === undefined || pid === undefined) return undefined;
  // /proc/PID/stat: the fields after the ")" that closes the command name; utime and stime are the 14th and 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // /proc/stat's first line: user nice system idle iowait irq softirq steal (then guest time, already counted in user).
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return { process: Number(fields[11]) + Number(fields[12]), steal: cpu[7] ?? 0, total: cpu.reduce((sum, ticks) => sum + ticks, 0) };
}

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on Linux unless getconf says otherwise. */
function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  } catch {
    return 100;
  }
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

async function load({ url, headers }: Server, duration: number): Promise<Measure> {
  if (WRK) return wrk(url, headers, duration);
  const result = await autocannon({ url, method: "POST", headers, body: SEED.body, connections: 10, duration });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
}

function wrk(url: string, requestHeaders: Record<string, string>, duration: number): Measure {
  const script = path.join(mkdtempSync(path.join(tmpdir(), "bench-")), "seed.lua");
  const headers = Object.entries(requestHeaders).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  writeFileSync(script, [`wrk.method = "POST"`, `wrk.body = ${JSON.stringify(SEED.body)}`, ...headers].join("\n"));
  const out = execFileSync("wrk", ["-t1", "-c10", `-d${duration}s`, "--latency", "-s", script, url], { encoding: "utf8" });
  const ms = (label: string) => {
    const [, value, unit] = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out) ?? [];
    return Number(value) * (unit === "us" ? 0.001 : unit === "s" ? 1000 : 1);
  };
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: ms("50%"),
    p99: ms("99%"),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary is ENOENT.
    return (err as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

async function waitUntilServing({ url, child, headers }: Server): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: "POST", headers, body: SEED.body });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`nothing served ${url} within 120 s`);
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
