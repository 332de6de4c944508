import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { loadProject } from "../../engine/project-config.ts";
import { parseConsumerConfig, type ConsumerConfig } from "../../examples/consumer/config.ts";
import { apiOutputValue, createConsumer } from "../../examples/consumer/consumer.ts";

const consumerDir = fileURLToPath(new URL("../../examples/consumer/", import.meta.url));
const PROJECT = "passthrough-consumer";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** What the passthrough API's dev stack exports (the values the offline engine gives it). */
const API_OUTPUTS = {
  invokeUrl: "https://cbpssfoifm.execute-api.us-east-1.amazonaws.com/dev",
  restApiName: "passthrough-da0133c",
  restApiId: "cbpssfoifm",
  stageName: "dev",
};

interface Declared {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Mocks that answer the StackReference with `outputs` and give alarms ARNs; records what is declared. */
function mockCloud(outputs: Record<string, unknown>): Declared[] {
  const declared: Declared[] = [];
  pulumi.runtime.setMocks({
    newResource: (args) => {
      declared.push({ type: args.type, name: args.name, inputs: args.inputs });
      if (args.type === "pulumi:pulumi:StackReference") {
        return { id: args.inputs.name, state: { name: args.inputs.name, outputs, secretOutputNames: [] } };
      }
      const arn = args.type === ALARM ? `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${args.name}` : undefined;
      return { id: `${args.name}-id`, state: { ...args.inputs, arn } };
    },
    call: () => ({}),
  }, PROJECT, "dev", false);
  return declared;
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** The dev stack's config as the CLI would hand it over: Pulumi.yaml defaults under Pulumi.dev.yaml. */
async function devConfig(overrides: Record<string, unknown> = {}): Promise<ConsumerConfig> {
  const { config } = await loadProject(consumerDir, "dev", overrides);
  return parseConsumerConfig((key) => config[`${PROJECT}:${key}`], PROJECT);
}

describe("examples/consumer (mocked StackReference)", () => {
  let declared: Declared[];
  let exported: Record<string, string>;
  const alarm = (metricName: string) => declared.find((d) => d.type === ALARM && d.inputs.metricName === metricName)?.inputs;

  before(async () => {
    declared = mockCloud(API_OUTPUTS);
    const outputs = createConsumer(await devConfig());
    exported = {
      invokeUrl: await valueOf(outputs.invokeUrl),
      serverErrorAlarmArn: await valueOf(outputs.serverErrorAlarmArn),
      latencyAlarmArn: await valueOf(outputs.latencyAlarmArn),
    };
  });

  it('reads the stack named by "apiStack" through a StackReference', () => {
    const references = declared.filter((d) => d.type === "pulumi:pulumi:StackReference");
    expect(references.map((r) => r.inputs.name)).to.deep.equal(["organization/passthrough-api/dev"]);
  });

  it("alarms on the stage's 5XXError sum, dimensioned by the API stack's restApiName and stageName", () => {
    expect(alarm("5XXError")).to.deep.include({
      namespace: "AWS/ApiGateway",
      dimensions: { ApiName: "passthrough-da0133c", Stage: "dev" },
      statistic: "Sum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      period: 300,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
    });
  });

  it('alarms on p90 Latency above the dev stack\'s "latencyThresholdMs"', () => {
    expect(alarm("Latency")).to.deep.include({
      dimensions: { ApiName: "passthrough-da0133c", Stage: "dev" },
      extendedStatistic: "p90",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 3000,
    });
  });

  it("exports the invoke URL it depends on and both alarm ARNs", () => {
    expect(exported).to.deep.equal({
      invokeUrl: API_OUTPUTS.invokeUrl,
      serverErrorAlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx",
      latencyAlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-latency",
    });
  });

  it('notifies "alarmTopicArn" when set, and nobody when empty', async () => {
    expect(alarm("5XXError")?.alarmActions).to.deep.equal([]);
    const topic = "arn:aws:sns:us-east-1:123456789012:api-alarms";
    const withTopic = mockCloud(API_OUTPUTS);
    const outputs = createConsumer(await devConfig({ alarmTopicArn: topic }));
    await Promise.all([valueOf(outputs.serverErrorAlarmArn), valueOf(outputs.latencyAlarmArn)]);
    const alarms = withTopic.filter((d) => d.type === ALARM);
    expect(alarms.map((a) => [a.inputs.alarmActions, a.inputs.okActions])).to.deep.equal([[[topic], [topic]], [[topic], [topic]]]);
  });

  it("rejects an API stack output that is missing or not a string, naming stack and output", () => {
    expect(apiOutputValue("o/p/dev", "stageName", "dev")).to.equal("dev");
    expect(() => apiOutputValue("o/p/dev", "restApiName", undefined)).to.throw(
      'stack "o/p/dev" output "restApiName": expected a non-empty string; got undefined');
  });
});

describe("examples/consumer config", () => {
  const base: Record<string, string> = {
    apiStack: "organization/passthrough-api/dev", serverErrorThreshold: "1", latencyThresholdMs: "2000",
    periodSeconds: "300", evaluationPeriods: "1", alarmTopicArn: "",
  };
  const parse = (overrides: Record<string, string | undefined>) =>
    () => parseConsumerConfig((key) => ({ ...base, ...overrides })[key], PROJECT);

  it("accepts the dev stack's files", async () => {
    expect(await devConfig()).to.deep.equal({
      apiStack: "organization/passthrough-api/dev", serverErrorThreshold: 1, latencyThresholdMs: 3000, periodSeconds: 300, evaluationPeriods: 1,
    });
  });

  it("names every bad key in one error", () => {
    expect(parse({ apiStack: "dev", periodSeconds: "90", alarmTopicArn: "my-topic" })).to.throw(pulumi.RunError,
      'Invalid stack configuration:\n  - config "passthrough-consumer:apiStack" must be <organization>/<project>/<stack>, got "dev"\n' +
      '  - config "passthrough-consumer:periodSeconds" must be a multiple of 60, got "90"\n' +
      '  - config "passthrough-consumer:alarmTopicArn" must be an SNS topic ARN, got "my-topic"');
  });

  it("requires apiStack and bounds the thresholds", () => {
    expect(parse({ apiStack: undefined })).to.throw('config "passthrough-consumer:apiStack" is missing');
    expect(parse({ latencyThresholdMs: "0" })).to.throw("must be an integer from 1 to 30000");
  });

  it("keeps the evaluated window within one day", () => {
    expect(parse({ periodSeconds: "3600", evaluationPeriods: "25" })).to.throw("times periodSeconds must be at most 86400 (one day), got 90000");
  });
});
