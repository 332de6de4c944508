/**
 * The stack's configuration, read once at program start and validated before any resource is
 * declared: a bad value fails `pulumi preview`/`up` with one message that names every bad key,
 * and nothing is created. Defaults live in `Pulumi.yaml`, which the CLI applies before the program runs.
 */
import * as pulumi from "@pulumi/pulumi";
import { configProblems, type StackConfig } from "./rules.ts";

export type { StackConfig } from "./rules.ts";

/** Reads one raw config value (a string, or JSON text for arrays) by its key without namespace. */
export type ConfigReader = (key: string) => string | undefined;

/**
 * Parses and validates the raw values.
 * @param namespace the project name, used to name keys in messages (`passthrough-api:stageName`).
 * @throws pulumi.RunError listing every problem.
 */
export function parseStackConfig(read: ConfigReader, namespace: string): StackConfig {
  const { config, problems } = configProblems(read);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  - config "${namespace}:${p.key}" ${p.message}`);
    throw new pulumi.RunError(`Invalid stack configuration:\n${lines.join("\n")}`);
  }
  return config as StackConfig;
}

/** Reads this project's configuration of the current stack. */
export function loadStackConfig(): StackConfig {
  const namespace = pulumi.getProject();
  const config = new pulumi.Config(namespace);
  return parseStackConfig((key) => config.get(key), namespace);
}
