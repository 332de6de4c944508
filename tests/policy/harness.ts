/**
 * Runs policies the way the policy runtime calls them, without a `PolicyPack` (which would start a gRPC
 * server): resource policies get one resource's inputs, stack policies every resource's outputs.
 */
import type {
  Policies,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { RegisteredResource } from "../../engine/offline-engine.ts";

/** One reported violation. */
export interface Violation {
  policy: string;
  message: string;
  urn?: string;
}

/** A resource as a test describes it. */
export interface TestResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  urn?: string;
  /** Property name → URNs of the resources that property depends on. */
  propertyDependencies?: Record<string, string[]>;
}

const OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function unused(what: string): never {
  throw new Error(`${what} is not used by this project's policies`);
}

function urnOf(r: TestResource): string {
  return r.urn ?? `urn:pulumi:test::passthrough-api::${r.type}::${r.name}`;
}

/** Calls every validation of a resource policy on one resource; returns what it reported. */
export async function validateResource(
  policy: ResourceValidationPolicy, resource: TestResource, config: object = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const args: ResourceValidationArgs = {
    type: resource.type,
    name: resource.name,
    urn: urnOf(resource),
    props: resource.props,
    opts: OPTIONS,
    stackTags: new Map(),
    isType: () => unused("isType"),
    asType: () => unused("asType"),
    // The policy's own type parameter decides the shape; the test passes a matching object.
    getConfig: <T extends object>() => config as T,
    notApplicable: () => unused("notApplicable"),
  };
  const validations = [policy.validateResource ?? []].flat();
  for (const validate of validations) {
    await validate(args, (message, urn) => violations.push({ policy: policy.name, message, urn: urn ?? args.urn }));
  }
  return violations;
}

/** Calls a stack policy on all the resources; returns what it reported. */
export async function validateStack(
  policy: StackValidationPolicy, resources: readonly TestResource[], config: object = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const args: StackValidationArgs = {
    resources: toPolicyResources(resources),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: () => unused("notApplicable"),
  };
  await policy.validateStack(args, (message, urn) => violations.push({ policy: policy.name, message, urn }));
  return violations;
}

function toPolicyResources(resources: readonly TestResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  for (const r of resources) {
    byUrn.set(urnOf(r), {
      type: r.type, name: r.name, urn: urnOf(r), props: r.props, opts: OPTIONS,
      dependencies: [], propertyDependencies: {},
      isType: () => unused("isType"), asType: () => unused("asType"),
    });
  }
  for (const r of resources) {
    const resolved = byUrn.get(urnOf(r)) as PolicyResource;
    for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
      resolved.propertyDependencies[key] = urns.flatMap((u) => byUrn.get(u) ?? []);
    }
  }
  return [...byUrn.values()];
}

/**
 * Every policy on a program's registered resources: resource policies see inputs (as in `Analyze`),
 * stack policies see outputs (as in `AnalyzeStack` after an update).
 */
export async function runPolicies(policies: Policies, registered: readonly RegisteredResource[]): Promise<Violation[]> {
  const asInputs = registered.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs }));
  const asOutputs = registered.map((r) => ({
    type: r.type, name: r.name, urn: r.urn, props: r.outputs,
    propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, [...v]])),
  }));
  const violations: Violation[] = [];
  for (const policy of policies) {
    if ("validateStack" in policy) {
      violations.push(...await validateStack(policy, asOutputs));
    } else {
      for (const resource of asInputs) violations.push(...await validateResource(policy, resource));
    }
  }
  return violations;
}
