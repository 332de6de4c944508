/**
 * `npm start [-- --project DIR] [--stack NAME] [--api NAME] [--port N] [--host ADDR] [--throttle]
 * [--echo-endpoint URL|stack] [--no-watch] [--no-typecheck] [--no-cache] [--console-port N] [--console-host ADDR] [--no-console]`:
 * serves the REST API a Pulumi program declares (this project's, or the one in DIR) on loopback the way
 * API Gateway serves it, reloads it when a file it comes from changes, and serves the local console on
 * a port of its own (the next one by default), on loopback unless `--console-host` says otherwise.
 */
import { parseArgs } from "node:util";
import { RequestLog } from "../console/request-log.ts";
import { describeFailure } from "../failure-summary.ts";
import { captureLambdaLogs, surviveFunctionErrors } from "../backends/lambda-logs.ts";
import { LiveApi, type StartedFrom } from "../live-api.ts";
import { PROJECT_DIR } from "../local-project.ts";
import { bufferedLineWriter } from "../log-writer.ts";
import type { DeclaredApi, DeclaredAuthorizer } from "../declared-api.ts";
import { startGatewayServer } from "../server.ts";
import { SourceWatcher } from "../source-watcher.ts";

/**
 * The process that makes reloads fast is started this long after the API is served, so that loading the
 * engine does not hold up the first requests.
 */
const PREPARE_RELOADS_AFTER_MS = 2000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      project: { type: "string", default: PROJECT_DIR },
      stack: { type: "string", default: "dev" },
      api: { type: "string" },
      port: { type: "string", default: process.env.PORT ?? "3000" },
      host: { type: "string", default: "127.0.0.1" },
      throttle: { type: "boolean", default: false },
      "echo-endpoint": { type: "string", default: "embedded" },
      watch: { type: "boolean", default: true },
      typecheck: { type: "boolean", default: true },
      cache: { type: "boolean", default: true },
      console: { type: "boolean", default: true },
      "console-host": { type: "string", default: "127.0.0.1" },
      "console-port": { type: "string" },
    },
    allowNegative: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);

  const write = bufferedLineWriter(process.stdout);
  const log = (message: string) => write(`${message}\n`);
  // The console keeps each request's record and function log lines.
  const requests = values.console ? new RequestLog() : undefined;
  captureLambdaLogs(requests ? (line, requestId) => { write(line); requests.addFunctionLog(line, requestId); } : write);
  surviveFunctionErrors();
  const live = await LiveApi.start({
    projectDir: values.project, stack: values.stack, api: values.api, throttle: values.throttle,
    echoEndpoint: values["echo-endpoint"], useCache: values.cache, typeCheck: values.typecheck, log,
  });
  const server = await startGatewayServer(live, { host: values.host, port, accessLog: write, recordSink: requests?.add });
  // The console's modules load once the API is serving: the API's first answer does not wait for them.
  const consoleServer = requests && await (await import("../console/serve-console.ts")).serveConsole({
    requests, model: live.model, apiUrl: server.url, apiPort: port, host: values["console-host"], port: values["console-port"],
  });
  if (consoleServer) live.onReload((model) => consoleServer.showApi(model));
  log(describe(live, server.url));
  if (consoleServer) log(`Console: ${consoleServer.url}`);

  let watcher: SourceWatcher | undefined;
  if (values.watch) {
    const refresh = () => live.refresh().then(
      () => current.watch(live.sourceDirectories),
      (err: unknown) => log(`Could not read the sources: ${err instanceof Error ? err.message : String(err)}`),
    );
    const current = new SourceWatcher(live.projectDir, () => void refresh());
    current.watch(live.sourceDirectories);
    // A file saved while the API was being loaded, before the watch began.
    void refresh();
    setTimeout(() => void live.prepareReloads(), PREPARE_RELOADS_AFTER_MS).unref();
    watcher = current;
    log("Watching the API's sources: a saved change reloads it (--no-watch to turn this off)");
  }

  const stop = async () => {
    watcher?.close();
    write.flush();
    await consoleServer?.close();
    await server.close();
    await live.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function describe(live: LiveApi, url: string): string {
  const { model } = live;
  const others = live.apiNames.filter((name) => name !== model.name);
  const lines = [
    `Serving stage "${model.stageName}" of REST API "${model.name}" (${model.apiId}) at ${url}/${model.stageName}, ${origin(live.startedFrom)}`,
    ...(others.length === 0 ? [] : [`  The program also declares ${others.map((name) => `"${name}"`).join(", ")} (--api <name> to serve another)`]),
  ];
  for (const resource of model.resources) {
    for (const method of resource.methods.values()) {
      const integration = method.integration;
      const target = integration?.lambda ? `Lambda ${integration.lambda.name}` : integration?.uri || "";
      lines.push(`  ${method.httpMethod.padEnd(7)} ${url}/${model.stageName}${resource.path}  → ${integration?.type ?? "no integration"} ${target}`);
      if (method.authorizer) lines.push(`           protected by ${describeAuthorizer(method.authorizer)}`);
      if (method.uncheckedAuthorization) lines.push(`           ${UNCHECKED[method.uncheckedAuthorization]}`);
    }
  }
  if (live.echo) lines.push(`HTTP echo backend: embedded at ${live.echo.endpoint} (--echo-endpoint URL or "stack" for a real one)`);
  const example = exampleRequest(model, url);
  if (example) lines.push(`Try: ${example}`);
  return lines.join("\n");
}

const UNCHECKED = {
  AWS_IAM: "protected by IAM: a call without a signature is refused (Missing Authentication Token), a signature is not verified",
  COGNITO_USER_POOLS: "protected by a Cognito user pool authorizer, which is not emulated: answered 500",
};

function origin(from: StartedFrom): string {
  return from.cache ? "from the cached run of the program (nothing changed since; --no-cache to run it)" : "from a fresh run of the program";
}

/** A curl for the first route, its path parameters filled in. */
function exampleRequest(model: DeclaredApi, url: string): string | undefined {
  const resource = model.resources.find((r) => r.methods.has("ANY") || r.methods.has("POST") || r.methods.has("GET"));
  if (resource === undefined) return undefined;
  const path = resource.path.replace(/\{[^}]+\+\}/g, "path1/path2").replace(/\{[^}]+\}/g, "value");
  const method = resource.methods.has("GET") && !resource.methods.has("ANY") && !resource.methods.has("POST") ? "GET" : "POST";
  const body = method === "POST" ? ` -H 'Content-Type: application/json' -d '{"key":"value"}'` : "";
  return `curl -i -X ${method} '${url}/${model.stageName}${path}'${body}`;
}

function describeAuthorizer({ name, type, identitySources, resultTtlSeconds }: DeclaredAuthorizer): string {
  const cache = resultTtlSeconds > 0 ? `results cached ${resultTtlSeconds} s` : "no cache";
  return `${type} authorizer ${name} (identity: ${identitySources.join(", ")}; ${cache})`;
}

main().catch((err: unknown) => {
  console.error(`local gateway: ${describeFailure(err, process.cwd())}`);
  process.exit(1);
});
