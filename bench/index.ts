/**
 * `npm run bench`: the local gateway's throughput beside a bare node:http server (bench/gateway.ts);
 * `npm run bench -- start`: how long npm start takes to start, cold and warm, and to reload (bench/start-reload.ts).
 */
const mode = process.argv[2] ?? "throughput";
if (mode === "start") await import("./start-reload.ts");
else if (mode === "throughput") await import("./gateway.ts");
else {
  console.error(`bench: unknown mode "${mode}"; use "start", or nothing for throughput`);
  process.exitCode = 2;
}
