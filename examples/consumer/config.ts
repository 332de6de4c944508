/**
 * The consumer stack's configuration, checked before anything is declared: one error names every bad
 * key. Defaults live in this project's `Pulumi.yaml`.
 */
import * as pulumi from "@pulumi/pulumi";

/** The validated configuration. */
export interface ConsumerConfig {
  /** Fully qualified name of the passthrough API's stack, e.g. `organization/passthrough-api/dev`. */
  apiStack: string;
  /** 5XX responses in one period at which the error alarm fires. */
  serverErrorThreshold: number;
  /** p90 latency in milliseconds above which the latency alarm fires. */
  latencyThresholdMs: number;
  /** Length of one evaluation period in seconds (a multiple of 60). */
  periodSeconds: number;
  /** Consecutive breaching periods before an alarm fires. */
  evaluationPeriods: number;
  /** SNS topic notified when an alarm changes state, if any. */
  alarmTopicArn?: string;
}

type Check = (raw: string) => string | undefined;

const integer = (min: number, max: number): Check => (raw) =>
  /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max ? undefined : `must be an integer from ${min} to ${max}`;

const CHECKS: Record<keyof ConsumerConfig, Check> = {
  // StackReference names the other project, so the name must be organization/project/stack.
  apiStack: (raw) => (/^[^/\s]+\/[^/\s]+\/[^/\s]+$/.test(raw) ? undefined : "must be <organization>/<project>/<stack>"),
  serverErrorThreshold: integer(1, 1_000_000),
  // A REST API answers within the 29 s integration timeout plus API Gateway's own overhead.
  latencyThresholdMs: integer(1, 30_000),
  // API Gateway publishes metrics every minute, so periods are whole minutes, up to a day.
  periodSeconds: (raw) => integer(60, 86_400)(raw) ?? (Number(raw) % 60 === 0 ? undefined : "must be a multiple of 60"),
  evaluationPeriods: integer(1, 1_440),
  alarmTopicArn: (raw) => (/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(raw) ? undefined : "must be an SNS topic ARN"),
};

const OPTIONAL: ReadonlySet<keyof ConsumerConfig> = new Set(["alarmTopicArn"]);

/**
 * Parses raw config values (`read` returns the text the CLI holds, or `undefined`).
 * @param namespace the project name, used to name keys in messages.
 * @throws pulumi.RunError listing every problem.
 */
export function parseConsumerConfig(read: (key: string) => string | undefined, namespace: string): ConsumerConfig {
  const values: Record<string, string | number> = {};
  const problems: string[] = [];
  for (const key of Object.keys(CHECKS) as (keyof ConsumerConfig)[]) {
    const raw = read(key);
    // Pulumi.yaml gives optional keys an empty default (a declared key without one is required).
    if (raw === undefined || (raw === "" && OPTIONAL.has(key))) {
      if (!OPTIONAL.has(key)) problems.push(`config "${namespace}:${key}" is missing`);
      continue;
    }
    const problem = CHECKS[key](raw);
    if (problem !== undefined) problems.push(`config "${namespace}:${key}" ${problem}, got ${JSON.stringify(raw)}`);
    else values[key] = key === "apiStack" || key === "alarmTopicArn" ? raw : Number(raw);
  }
  const periods = Number(values.periodSeconds) * Number(values.evaluationPeriods);
  if (problems.length === 0 && periods > 86_400) {
    problems.push(`config "${namespace}:evaluationPeriods" times periodSeconds must be at most 86400 (one day), got ${periods}`);
  }
  if (problems.length > 0) throw new pulumi.RunError(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return values as unknown as ConsumerConfig;
}

/** Reads this project's configuration of the current stack. */
export function loadConsumerConfig(): ConsumerConfig {
  const namespace = pulumi.getProject();
  const config = new pulumi.Config(namespace);
  return parseConsumerConfig((key) => config.get(key), namespace);
}
