/**
 * The consumer program as one function of its configuration: reads the passthrough API's stack
 * outputs through a StackReference and watches its stage with CloudWatch alarms.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApiAlarms } from "./api-alarms.ts";
import type { ConsumerConfig } from "./config.ts";

/** The consumer's stack outputs. */
export interface ConsumerOutputs {
  /** The invoke URL of the API this stack watches. */
  invokeUrl: pulumi.Output<string>;
  serverErrorAlarmArn: pulumi.Output<string>;
  latencyAlarmArn: pulumi.Output<string>;
}

/**
 * Checks a value read from the API stack's outputs.
 * @throws pulumi.RunError unless it is a non-empty string.
 */
export function apiOutputValue(stack: string, name: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new pulumi.RunError(`stack "${stack}" output "${name}": expected a non-empty string; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** One output of the API stack; a missing one fails the deployment with the stack and output named. */
function stringOutput(api: pulumi.StackReference, stack: string, name: string): pulumi.Output<string> {
  return api.requireOutput(name).apply((value: unknown) => apiOutputValue(stack, name, value));
}

/** Declares the StackReference and the alarms; returns the stack outputs. */
export function createConsumer(config: ConsumerConfig): ConsumerOutputs {
  const api = new pulumi.StackReference(config.apiStack);
  const alarms = new ApiAlarms("api", {
    apiName: stringOutput(api, config.apiStack, "restApiName"),
    stageName: stringOutput(api, config.apiStack, "stageName"),
    serverErrorThreshold: config.serverErrorThreshold,
    latencyThresholdMs: config.latencyThresholdMs,
    periodSeconds: config.periodSeconds,
    evaluationPeriods: config.evaluationPeriods,
    actions: config.alarmTopicArn === undefined ? undefined : [config.alarmTopicArn],
  });
  return {
    invokeUrl: stringOutput(api, config.apiStack, "invokeUrl"),
    serverErrorAlarmArn: alarms.serverErrors.arn,
    latencyAlarmArn: alarms.latency.arn,
  };
}
