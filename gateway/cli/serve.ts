/**
 * `npm start [-- --stack NAME] [--port N] [--host ADDR] [--echo-endpoint URL|stack] [--no-watch] [--no-cache]
 * [--cwd DIR]`: serves the stack's declared API on loopback the way API Gateway serves it, and reloads it when
 * a file it comes from changes. `--cwd` serves another project (default: this one).
 */
import { parseArgs } from "node:util";
import { describeFailure } from "../failure-summary.ts";
import { captureLambdaLogs, surviveFunctionErrors } from "../integrations/lambda-logs.ts";
import { LiveApi, type StartedFrom } from "../live-api.ts";
import { PROJECT_DIR } from "../local-project.ts";
import { bufferedLineWriter } from "../log-writer.ts";
import type { ApiModel } from "../model.ts";
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
      stack: { type: "string", default: "dev" },
      port: { type: "string", default: process.env.PORT ?? "3000" },
      host: { type: "string", default: "127.0.0.1" },
      "echo-endpoint": { type: "string", default: "embedded" },
      "no-watch": { type: "boolean", default: false },
      "no-cache": { type: "boolean", default: false },
      cwd: { type: "string", default: PROJECT_DIR },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);

  const write = bufferedLineWriter(process.stdout);
  const log = (message: string) => write(`${message}\n`);
  captureLambdaLogs(write);
  surviveFunctionErrors();
  const live = await LiveApi.start({
    projectDir: values.cwd, stack: values.stack, echoEndpoint: values["echo-endpoint"], useCache: !values["no-cache"], log,
  });
  const server = await startGatewayServer(live, { host: values.host, port, accessLog: write });
  log(describe(live.model, server.url, live.echo?.endpoint, live.startedFrom));

  let watcher: SourceWatcher | undefined;
  if (!values["no-watch"]) {
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
    await server.close();
    await live.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function describe(model: ApiModel, url: string, echo: string | undefined, from: StartedFrom): string {
  const origin = from.cache ? "from the cached run of the program (nothing changed since; --no-cache to run it)" : "from a fresh run of the program";
  const lines = [`Serving stack stage "${model.stageName}" of API ${model.apiId} at ${url}/${model.stageName}, ${origin}`];
  for (const resource of model.resources) {
    for (const method of resource.methods.values()) {
      const integration = method.integration;
      const target = integration?.lambda ? `Lambda ${integration.lambda.name}` : integration?.uri ?? "no integration";
      lines.push(`  ${method.httpMethod.padEnd(6)} ${url}/${model.stageName}${resource.path}  → ${integration?.type ?? "-"} ${target}`);
    }
  }
  if (echo) lines.push(`HTTP echo backend: embedded at ${echo} (--echo-endpoint URL or "stack" for a real one)`);
  const example = model.resources[0]?.path.replace(/\{[^}]+\}/g, "path1/path2");
  if (example) {
    lines.push(`Try: curl -i -X POST '${url}/${model.stageName}${example}?query1=querystring1&query2=querystring2' \\`);
    lines.push(`       -H 'header1: value1' -H 'header2: value2' -H 'Content-Type: application/json' -d '{"keybody":"valuebody"}'`);
  }
  return lines.join("\n");
}

main().catch((err: unknown) => {
  console.error(`local gateway: ${describeFailure(err, process.cwd())}`);
  process.exit(1);
});
