/** A local API served on loopback for one mocha suite, with the function logs and access log it wrote. */
import { captureLambdaLogs } from "../../gateway/backends/lambda-logs.ts";
import { loadLocalApi, type LocalApi, type LocalApiOptions } from "../../gateway/local-api.ts";
import { startGatewayServer, type RunningGateway } from "../../gateway/server.ts";

export interface ServedApi {
  api: LocalApi;
  server: RunningGateway;
  /** Function log lines, as CloudWatch shows them. */
  readonly functionLogs: string[];
  /** Access-log lines, one JSON object per request. */
  readonly accessLog: string[];
}

/**
 * Registers `before`/`after` hooks that load and serve the API, and stop it; read the fields inside
 * tests. Options given as a function are read when the hook runs (after earlier hooks).
 */
export function servedApi(options: LocalApiOptions | (() => LocalApiOptions)): ServedApi {
  const served = { functionLogs: [] as string[], accessLog: [] as string[] } as unknown as ServedApi;
  before(async () => {
    captureLambdaLogs((line) => served.functionLogs.push(line));
    served.api = await loadLocalApi(typeof options === "function" ? options() : options);
    served.server = await startGatewayServer(served.api.gateway, { accessLog: (line) => served.accessLog.push(line) });
  });
  after(async () => {
    await served.server?.close();
    await served.api?.close();
  });
  return served;
}
