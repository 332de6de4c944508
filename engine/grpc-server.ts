import * as grpc from "@grpc/grpc-js";
import resrpc from "@pulumi/pulumi/proto/resource_grpc_pb.js";
import engrpc from "@pulumi/pulumi/proto/engine_grpc_pb.js";
import type { IResourceMonitorServer } from "@pulumi/pulumi/proto/resource_grpc_pb.js";
import type { IEngineServer } from "@pulumi/pulumi/proto/engine_grpc_pb.js";
import type { EngineService } from "./engine-service.ts";
import type { ResourceMonitor } from "./resource-monitor.ts";

/** A running server: its `host:port` and how to stop it. */
export interface RunningServer {
  readonly addr: string;
  close(): Promise<void>;
}

/** Serves the monitor and the engine on one grpc-js server bound to `127.0.0.1:0`. */
export async function startServer(monitor: ResourceMonitor, engine: EngineService): Promise<RunningServer> {
  // The SDK sends whole resource graphs in single messages; lift grpc-js's 4 MiB default like the CLI does.
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(resrpc.ResourceMonitorService, monitorImplementation(monitor));
  server.addService(engrpc.EngineService, engineImplementation(engine));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
  return { addr: `127.0.0.1:${port}`, close: () => shutdown(server) };
}

function monitorImplementation(m: ResourceMonitor): IResourceMonitorServer {
  return {
    getDeploymentInfo: m.getDeploymentInfo,
    supportsFeature: m.supportsFeature,
    invoke: m.invoke,
    call: m.call,
    readResource: m.readResource,
    existsResource: m.existsResource,
    registerResource: m.registerResource,
    registerResourceOutputs: m.registerResourceOutputs,
    registerStackTransform: m.registerStackTransform,
    registerStackInvokeTransform: m.registerStackInvokeTransform,
    registerResourceHook: m.registerResourceHook,
    registerErrorHook: m.registerErrorHook,
    registerPackage: m.registerPackage,
    signalAndWaitForShutdown: m.signalAndWaitForShutdown,
  };
}

function engineImplementation(e: EngineService): IEngineServer {
  return {
    log: e.log,
    getRootResource: e.getRootResource,
    setRootResource: e.setRootResource,
    startDebugging: e.startDebugging,
    requirePulumiVersion: e.requirePulumiVersion,
  };
}

function shutdown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    // A client that never hangs up would keep tryShutdown waiting forever.
    const force = setTimeout(() => server.forceShutdown(), 2000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
