import * as grpc from "@grpc/grpc-js";
import resproto from "@pulumi/pulumi/proto/resource_pb.js";
import emptyproto from "google-protobuf/google/protobuf/empty_pb.js";
import structproto from "google-protobuf/google/protobuf/struct_pb.js";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb.js";
import type { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb.js";
import type * as res from "@pulumi/pulumi/proto/resource_pb.js";
import type { CallResponse } from "@pulumi/pulumi/proto/provider_pb.js";
import type { Callback } from "@pulumi/pulumi/proto/callback_pb.js";
import { decodeProperties, encodeProperties, unknown } from "./wire-values.ts";
import type { PropertyMap } from "./wire-values.ts";

/** A resource the program registered (or read), with decoded inputs and outputs. */
export interface RegisteredResource {
  readonly urn: string;
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Parent URN; absent for the stack itself. */
  readonly parent?: string;
  /** True for provider-managed resources, false for components and the stack. */
  readonly custom: boolean;
  /** Physical id of a custom resource; absent for components and during a dry run. */
  readonly id?: string;
  /** Explicit provider reference (`<provider urn>::<id>`), if any. */
  readonly provider?: string;
  readonly inputs: PropertyMap;
  /** Custom resources: simulated state. Components: what they passed to `registerOutputs`. */
  readonly outputs: PropertyMap;
  /** Output keys that are secrets. */
  readonly secretOutputs: readonly string[];
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** True when the program read an existing resource (`Resource.get`) instead of declaring one. */
  readonly read: boolean;
}

/** What a {@link ResourceMonitor} asks its simulation for a new custom resource. */
export interface NewResourceArgs {
  type: string;
  name: string;
  urn: string;
  inputs: PropertyMap;
  /** Set when reading or importing. */
  id?: string;
  /** Explicit provider reference (`<provider urn>::<id>`). */
  provider?: string;
}

/** What a simulation returns for a new custom resource. */
export interface NewResourceResult {
  id: string;
  state: PropertyMap;
  /** Inputs after the provider's check (e.g. an autonamed `name`); known during a dry run. */
  checkedInputs: PropertyMap;
}

/** The deployment a monitor serves and how it simulates providers. */
export interface ResourceMonitorOptions {
  project: string;
  stack: string;
  organization: string;
  dryRun: boolean;
  /** Creates a custom resource: physical id, full state, and the inputs as the provider's check left them. */
  newResource(args: NewResourceArgs, registered: ReadonlyMap<string, RegisteredResource>): NewResourceResult;
  /** Runs a provider function. */
  call(token: string, args: PropertyMap): Record<string, unknown>;
}

type Unary<Req, Resp> = grpc.handleUnaryCall<Req, Resp>;

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * Features this monitor supports (transforms and hooks need a callback server), by the id older SDKs ask
 * `supportsFeature` about; newer SDKs read the list from `getDeploymentInfo`.
 */
const FEATURES: ReadonlyMap<string, res.ResourceMonitorFeature> = new Map([
  ["secrets", resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_SECRETS],
  ["resourceReferences", resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES],
  ["outputValues", resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_OUTPUT_VALUES],
  ["deletedWith", resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_DELETED_WITH],
  ["replaceWith", resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_REPLACE_WITH],
  ["aliasSpecs", resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS],
  ["parameterization", resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_PARAMETERIZATION],
]);

/**
 * In-process `pulumirpc.ResourceMonitor`: records every registration by URN and answers with simulated state,
 * as the engine would after a provider's Create (or, in a dry run, with computed outputs unknown).
 */
export class ResourceMonitor {
  readonly resources = new Map<string, RegisteredResource>();

  constructor(private readonly options: ResourceMonitorOptions) {}

  readonly getDeploymentInfo: Unary<Empty, res.DeploymentInfo> = (_call, callback) =>
    respond(callback, () => {
      const { project, stack, organization, dryRun } = this.options;
      return new resproto.DeploymentInfo().setProject(project).setStack(stack).setOrganization(organization).setDryrun(dryRun)
        .setSupportedfeaturesList([...FEATURES.values()]);
    });

  readonly supportsFeature: Unary<res.SupportsFeatureRequest, res.SupportsFeatureResponse> = (call, callback) =>
    respond(callback, () => new resproto.SupportsFeatureResponse().setHassupport(FEATURES.has(call.request.getId())));

  readonly registerResource: Unary<res.RegisterResourceRequest, res.RegisterResourceResponse> = (call, callback) =>
    respond(callback, () => {
      const req = call.request;
      if (req.getRemote()) throw new Error(`remote component ${req.getType()} "${req.getName()}" cannot run offline`);
      const resource = this.record(req, req.getObject(), req.getImportid(), req.getAdditionalsecretoutputsList());
      const resp = new resproto.RegisterResourceResponse().setUrn(resource.urn).setId(resource.id ?? "");
      return resp.setObject(toStruct(encodeProperties(resource.outputs, resource.secretOutputs)));
    });

  readonly readResource: Unary<res.ReadResourceRequest, res.ReadResourceResponse> = (call, callback) =>
    respond(callback, () => {
      const req = call.request;
      const resource = this.record(req, req.getProperties(), req.getId(), req.getAdditionalsecretoutputsList());
      const resp = new resproto.ReadResourceResponse().setUrn(resource.urn);
      return resp.setProperties(toStruct(encodeProperties(resource.outputs, resource.secretOutputs)));
    });

  readonly registerResourceOutputs: Unary<res.RegisterResourceOutputsRequest, Empty> = (call, callback) =>
    respond(callback, () => {
      const urn = call.request.getUrn();
      const resource = this.resources.get(urn);
      if (resource === undefined) throw new Error(`unknown resource ${urn}`);
      const { values, secretKeys } = decodeProperties(call.request.getOutputs()?.toJavaScript());
      this.resources.set(urn, { ...resource, outputs: values, secretOutputs: secretKeys });
      return new emptyproto.Empty();
    });

  readonly invoke: Unary<res.ResourceInvokeRequest, res.ResourceInvokeResponse> = (call, callback) =>
    respond(callback, () => {
      const token = call.request.getTok();
      const { values } = decodeProperties(call.request.getArgs()?.toJavaScript());
      const result = token === "pulumi:pulumi:getResource" ? this.getResource(values.urn) : this.options.call(token, values);
      return new resproto.ResourceInvokeResponse().setReturn(toStruct(encodeProperties(result)));
    });

  /** Whether a resource of this type and physical id has been registered or read in this run. */
  readonly existsResource: Unary<res.ExistsResourceRequest, res.ExistsResourceResponse> = (call, callback) =>
    respond(callback, () => {
      const { type, id } = { type: call.request.getType(), id: call.request.getId() };
      const exists = [...this.resources.values()].some((r) => r.type === type && r.id === id);
      return new resproto.ExistsResourceResponse().setExists(exists);
    });

  readonly call: Unary<res.ResourceCallRequest, CallResponse> = (call, callback) =>
    unimplemented(callback, `method call ${call.request.getTok()}`);

  readonly registerStackTransform: Unary<Callback, Empty> = (_call, callback) => unimplemented(callback, "transforms");

  readonly registerStackInvokeTransform: Unary<Callback, Empty> = (_call, callback) =>
    unimplemented(callback, "invoke transforms");

  readonly registerResourceHook: Unary<res.RegisterResourceHookRequest, Empty> = (_call, callback) =>
    unimplemented(callback, "resource hooks");

  readonly registerErrorHook: Unary<res.RegisterErrorHookRequest, Empty> = (_call, callback) =>
    unimplemented(callback, "error hooks");

  readonly registerPackage: Unary<res.RegisterPackageRequest, res.RegisterPackageResponse> = (call, callback) =>
    respond(callback, () => {
      const ref = `${call.request.getName()}@${call.request.getVersion()}`;
      return new resproto.RegisterPackageResponse().setRef(ref);
    });

  readonly signalAndWaitForShutdown: Unary<Empty, Empty> = (_call, callback) =>
    respond(callback, () => new emptyproto.Empty());

  /** The URN the engine gives a resource: the parent's qualified type chain, minus the stack, joined with `$`. */
  newUrn(parent: string, type: string, name: string): string {
    const parentType = parent === "" ? "" : parent.split("::")[2];
    const qualified = parentType === "" || parentType === STACK_TYPE ? type : `${parentType}$${type}`;
    return `urn:pulumi:${this.options.stack}::${this.options.project}::${qualified}::${name}`;
  }

  private record(
    req: res.RegisterResourceRequest | res.ReadResourceRequest,
    object: Struct | undefined,
    id: string,
    additionalSecrets: string[],
  ): RegisteredResource {
    const read = req instanceof resproto.ReadResourceRequest;
    const [type, name, parent] = [req.getType(), req.getName(), req.getParent()];
    const urn = this.newUrn(parent, type, name);
    if (this.resources.has(urn)) throw new Error(`duplicate resource URN ${urn}`);
    const { values: inputs, secretKeys } = decodeProperties(object?.toJavaScript());
    const custom = read || req.getCustom();
    const provider = req.getProvider() || undefined;
    const created = custom
      ? this.create({ type, name, urn, inputs, id: id || undefined, provider })
      : { id: undefined, state: inputs };
    const resource: RegisteredResource = {
      urn, type, name, custom, read, inputs,
      ...(parent === "" ? {} : { parent }),
      ...(created.id === undefined ? {} : { id: created.id }),
      ...(provider === undefined ? {} : { provider }),
      outputs: created.state,
      secretOutputs: [...new Set([...secretKeys, ...additionalSecrets])],
      dependencies: req.getDependenciesList(),
      propertyDependencies: read ? {} : propertyDependencies(req),
    };
    this.resources.set(urn, resource);
    return resource;
  }

  private create(args: NewResourceArgs): { id: string | undefined; state: PropertyMap } {
    const { id, state, checkedInputs } = this.options.newResource(args, this.resources);
    if (!this.options.dryRun || args.id !== undefined) return { id, state };
    // A dry run creates nothing: outputs the provider computes on create stay unknown, as in `pulumi preview`.
    const previewed = Object.fromEntries(Object.keys(state).map((k) => [k, k in checkedInputs ? state[k] : unknown]));
    return { id: undefined, state: previewed };
  }

  private getResource(urn: unknown): Record<string, unknown> {
    const resource = typeof urn === "string" ? this.resources.get(urn) : undefined;
    if (resource === undefined) throw new Error(`unknown resource ${String(urn)}`);
    return { urn: resource.urn, id: resource.id ?? null, state: resource.outputs };
  }
}

function propertyDependencies(req: res.RegisterResourceRequest): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    result[key] = deps.getUrnsList();
  });
  return result;
}

function toStruct(wire: Record<string, unknown>): Struct {
  // encodeProperties only yields JSON-shaped values.
  return structproto.Struct.fromJavaScript(wire as Record<string, JavaScriptValue>);
}

/** Runs `work` and answers the RPC with its result, or with its error (which the SDK shows the program). */
export function respond<T>(callback: grpc.sendUnaryData<T>, work: () => T): void {
  let result: T;
  try {
    result = work();
  } catch (err) {
    callback(err instanceof Error ? err : new Error(String(err)));
    return;
  }
  callback(null, result);
}

/** Answers UNIMPLEMENTED, which the SDK treats as "this engine has no such feature" instead of waiting. */
export function unimplemented<T>(callback: grpc.sendUnaryData<T>, what: string): void {
  callback({ code: grpc.status.UNIMPLEMENTED, details: `${what} is not supported by the offline engine` });
}
