/**
 * `npm start [-- --stack NAME] [--port N] [--host ADDR] [--echo-endpoint URL|stack] [--console-port N]
 * [--console-host ADDR] [--no-console]`: serves the stack's declared API on loopback the way API Gateway
 * serves it, and the local console on a port of its own (the next one by default), on loopback unless
 * `--console-host` says otherwise, whatever `--host` is.
 */
import { parseArgs } from "node:util";
import { RequestLog } from "../console/request-log.ts";
import { serveConsole } from "../console/serve-console.ts";
import { captureLambdaLogs, surviveFunctionErrors } from "../integrations/lambda-logs.ts";
import { loadLocalApi } from "../local-api.ts";
import { bufferedLineWriter } from "../log-writer.ts";
import type { ApiModel, AuthorizerModel } from "../model.ts";
import { startGatewayServer } from "../server.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", default: "dev" },
      port: { type: "string", default: process.env.PORT ?? "3000" },
      host: { type: "string", default: "127.0.0.1" },
      "echo-endpoint": { type: "string", default: "embedded" },
      console: { type: "boolean", default: true },
      "console-host": { type: "string", default: "127.0.0.1" },
      "console-port": { type: "string" },
    },
    allowNegative: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);

  const write = bufferedLineWriter(process.stdout);
  // The console keeps each request's record and function log lines.
  const requests = values.console ? new RequestLog() : undefined;
  captureLambdaLogs(requests ? (line, requestId) => { write(line); requests.addFunctionLog(line, requestId); } : write);
  surviveFunctionErrors();
  const api = await loadLocalApi({ stack: values.stack, echoEndpoint: values["echo-endpoint"] });
  const server = await startGatewayServer(api.gateway, { host: values.host, port, accessLog: write, recordSink: requests?.add });
  const consoleServer = requests && await serveConsole({
    requests, model: api.model, apiUrl: server.url, apiPort: port, host: values["console-host"], port: values["console-port"],
  });
  console.log(describe(api.model, server.url, api.echo?.endpoint));
  if (consoleServer) console.log(`Console: ${consoleServer.url}`);

  const stop = async () => {
    write.flush();
    await consoleServer?.close();
    await server.close();
    await api.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function describe(model: ApiModel, url: string, echo: string | undefined): string {
  const lines = [`Serving stack stage "${model.stageName}" of API ${model.apiId} at ${url}/${model.stageName}`];
  for (const resource of model.resources) {
    for (const method of resource.methods.values()) {
      const integration = method.integration;
      const target = integration?.lambda ? `Lambda ${integration.lambda.name}` : integration?.uri ?? "no integration";
      lines.push(`  ${method.httpMethod.padEnd(6)} ${url}/${model.stageName}${resource.path}  → ${integration?.type ?? "-"} ${target}`);
      if (method.authorizer) lines.push(`           protected by ${describeAuthorizer(method.authorizer)}`);
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

function describeAuthorizer({ name, type, identitySources, resultTtlSeconds }: AuthorizerModel): string {
  const cache = resultTtlSeconds > 0 ? `results cached ${resultTtlSeconds} s` : "no cache";
  return `${type} authorizer ${name} (identity: ${identitySources.join(", ")}; ${cache})`;
}

main().catch((err: unknown) => {
  console.error(`local gateway: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
