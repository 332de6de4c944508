/**
 * `npm run bench`: req/s and latency of the seed's POST on the local gateway's Lambda route, beside a
 * bare node:http server measured the same way in the same run, over several rounds (the median ratio
 * counts). Each server runs in its own process; the load (10 connections, closed loop) comes from wrk
 * when it is installed (a C load generator that is not the bottleneck), else from autocannon in this process.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const TARGET_RATIO = 0.4;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
/** Both servers are measured afresh each round: on shared machines one pair of runs can be off by a third. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

const WRK = hasWrk();

async function main(): Promise<void> {
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS must be a whole number from 1, got "${process.env.BENCH_ROUNDS}"`);
  console.log(`load: ${WRK ? "wrk" : "autocannon (install wrk for a load generator that is not the bottleneck)"}, 10 connections, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, ${ROUNDS} round(s)`);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    if (ROUNDS > 1) console.log(`\nround ${round}`);
    const bare = await measure("bare node:http", [path.join(ROOT, "bench", "bare-server.ts")], "");
    const gateway = await measure("local gateway, Lambda route", [path.join(ROOT, "gateway", "cli", "serve.ts")], "/dev");
    if (gateway.non2xx > 0) throw new Error(`the gateway answered ${gateway.non2xx} requests with a non-2xx status`);
    const ratio = gateway.requestsPerSecond / bare.requestsPerSecond;
    ratios.push(ratio);
    console.log(`${"ratio".padEnd(30)} ${(ratio * 100).toFixed(1).padStart(7)} %`);
  }
  const ratio = median(ratios);
  const label = ROUNDS > 1 ? `median ratio over ${ROUNDS} rounds` : "ratio";
  console.log(`\n${label}: ${(ratio * 100).toFixed(1)} % of bare (target ≥ ${TARGET_RATIO * 100} %)`);
  if (ratio < TARGET_RATIO) process.exitCode = 1;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(label: string, args: string[], prefix: string): Promise<Measure> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", ...args, "--port", String(port)], {
    cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const url = `http://127.0.0.1:${port}${prefix}${SEED.path}`;
    await waitUntilServing(url, child);
    await load(url, WARMUP_SECONDS);
    const measured = await load(url, SECONDS);
    console.log(`${label.padEnd(30)} ${measured.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${measured.p50.toFixed(2)} ms   p99 ${measured.p99.toFixed(2)} ms`);
    return measured;
  } finally {
    child.kill();
  }
}

async function load(url: string, duration: number): Promise<Measure> {
  if (WRK) return wrk(url, duration);
  const result = await autocannon({ url, method: "POST", headers: SEED.headers, body: SEED.body, connections: 10, duration });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
}

function wrk(url: string, duration: number): Measure {
  const script = path.join(mkdtempSync(path.join(tmpdir(), "bench-")), "seed.lua");
  const headers = Object.entries(SEED.headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
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

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: "POST", headers: SEED.headers, body: SEED.body });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`nothing served ${url} within 120 s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on("error", reject);
  });
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
