/**
 * Every stage must be throttled stage-wide: a MethodSettings for the stage with `methodPath: "*\/*"` and
 * positive rate and burst limits. Without it a stage gets the account's region-wide limits, so one
 * API can exhaust them for every other API in the account. This spans two resources, so it is a stack
 * policy.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { asObject, show, TYPES } from "./common.ts";

/** The parts of a stack resource this rule reads. */
export type StackResource = Pick<PolicyResource, "type" | "urn" | "name" | "props" | "propertyDependencies">;

/** A violation tied to one resource. */
export interface ResourceProblem {
  urn: string;
  message: string;
}

const EXPECTED = 'a MethodSettings for the stage with methodPath "*/*" and settings.throttlingRateLimit and ' +
  "settings.throttlingBurstLimit above 0";

/** Stages without stage-wide throttling, each with what was found instead. */
export function stageThrottlingProblems(resources: readonly StackResource[]): ResourceProblem[] {
  const settings = resources.filter((r) => r.type === TYPES.methodSettings);
  return resources
    .filter((r) => r.type === TYPES.stage)
    .flatMap((stage) => {
      const mine = settings.filter((s) => belongsTo(s, stage));
      if (mine.some(throttlesEveryMethod)) return [];
      const found = mine.length === 0 ? "no MethodSettings for it" : mine.map(describe).join("; ");
      return [{ urn: stage.urn, message: `stage "${stage.name}" is not throttled: expected ${EXPECTED}; got ${found}` }];
    });
}

/**
 * Linked by the `stageName` property's dependency on the stage (known even in a preview of a new
 * stack), or else by equal `restApi` and `stageName` values.
 */
function belongsTo(settings: StackResource, stage: StackResource): boolean {
  const dependsOnStage = (settings.propertyDependencies.stageName ?? []).some((d) => d.urn === stage.urn);
  return dependsOnStage ||
    (settings.props.restApi === stage.props.restApi && settings.props.stageName === stage.props.stageName);
}

function throttlesEveryMethod(settings: StackResource): boolean {
  const values = asObject(settings.props.settings) ?? {};
  const positive = (v: unknown) => typeof v === "number" && v > 0;
  return settings.props.methodPath === "*/*" && positive(values.throttlingRateLimit) && positive(values.throttlingBurstLimit);
}

function describe(settings: StackResource): string {
  const values = asObject(settings.props.settings) ?? {};
  return `"${settings.name}" with methodPath ${show(settings.props.methodPath)}, throttlingRateLimit ` +
    `${show(values.throttlingRateLimit)}, throttlingBurstLimit ${show(values.throttlingBurstLimit)}`;
}

/** Mandatory: each stage has stage-wide throttling. */
export const stagesAreThrottled: StackValidationPolicy = {
  name: "stages-are-throttled",
  description: 'Each API Gateway stage must have a "*/*" MethodSettings with positive throttling rate and burst limits.',
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const problem of stageThrottlingProblems(args.resources)) reportViolation(problem.message, problem.urn);
  },
};
