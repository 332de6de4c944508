/** A local API served with its console, the way `npm start` wires them, on free loopback ports. */
import { startConsoleServer, type RunningConsole } from "../../gateway/console/console-server.ts";
import { RequestLog } from "../../gateway/console/request-log.ts";
import { captureLambdaLogs } from "../../gateway/backends/lambda-logs.ts";
import { loadLocalApi, type LocalApi, type LocalApiOptions } from "../../gateway/local-api.ts";
import { startGatewayServer, type RunningGateway } from "../../gateway/server.ts";

export interface ConsoleFixture {
  readonly api: LocalApi;
  readonly gateway: RunningGateway;
  readonly console: RunningConsole;
  readonly requests: RequestLog;
  close(): Promise<void>;
}

export async function startConsoleFixture(options: LocalApiOptions = {}): Promise<ConsoleFixture> {
  const requests = new RequestLog();
  captureLambdaLogs(requests.addFunctionLog);
  const api = await loadLocalApi(options);
  const gateway = await startGatewayServer(api.gateway, { recordSink: requests.add });
  const running = await startConsoleServer({ apiUrl: gateway.url, model: api.model, requests });
  return {
    api, gateway, console: running, requests,
    close: async () => {
      await running.close();
      await gateway.close();
      await api.close();
    },
  };
}
