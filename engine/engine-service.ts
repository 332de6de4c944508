import type * as grpc from "@grpc/grpc-js";
import engproto from "@pulumi/pulumi/proto/engine_pb.js";
import emptyproto from "google-protobuf/google/protobuf/empty_pb.js";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb.js";
import type * as eng from "@pulumi/pulumi/proto/engine_pb.js";
import { respond, unimplemented } from "./resource-monitor.ts";
import { stripAnsi } from "./strip-ansi.ts";

/** Severity of an engine diagnostic, as `pulumi` prints it. */
export type Severity = "debug" | "info" | "warning" | "error";

/** One message the program logged through the engine (`pulumi.log.*`, unhandled errors). */
export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  /** Resource the message is about, if any. */
  readonly urn?: string;
}

type Unary<Req, Resp> = grpc.handleUnaryCall<Req, Resp>;

const SEVERITIES: Record<number, Severity> = {
  [engproto.LogSeverity.DEBUG]: "debug",
  [engproto.LogSeverity.INFO]: "info",
  [engproto.LogSeverity.WARNING]: "warning",
  [engproto.LogSeverity.ERROR]: "error",
};

/** In-process `pulumirpc.Engine`: collects diagnostics and holds the root (stack) resource. */
export class EngineService {
  readonly diagnostics: Diagnostic[] = [];
  rootUrn = "";

  readonly log: Unary<eng.LogRequest, Empty> = (call, callback) =>
    respond(callback, () => {
      const req = call.request;
      const urn = req.getUrn();
      const severity = SEVERITIES[req.getSeverity()] ?? "info";
      this.diagnostics.push({ severity, message: stripAnsi(req.getMessage()), ...(urn === "" ? {} : { urn }) });
      return new emptyproto.Empty();
    });

  readonly getRootResource: Unary<eng.GetRootResourceRequest, eng.GetRootResourceResponse> = (_call, callback) =>
    respond(callback, () => new engproto.GetRootResourceResponse().setUrn(this.rootUrn));

  readonly setRootResource: Unary<eng.SetRootResourceRequest, eng.SetRootResourceResponse> = (call, callback) =>
    respond(callback, () => {
      this.rootUrn = call.request.getUrn();
      return new engproto.SetRootResourceResponse();
    });

  readonly startDebugging: Unary<eng.StartDebuggingRequest, Empty> = (_call, callback) =>
    unimplemented(callback, "debugging");

  readonly requirePulumiVersion: Unary<eng.RequirePulumiVersionRequest, eng.RequirePulumiVersionResponse> = (
    _call,
    callback,
  ) => respond(callback, () => new engproto.RequirePulumiVersionResponse());
}
