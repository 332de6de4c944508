/**
 * CloudWatch alarms on one REST API stage: server errors (`5XXError`, Sum) and p90 `Latency`. REST API
 * metrics are published per stage with the dimensions `ApiName` (the API's name, not its id) and
 * `Stage`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The stage to watch and the alarm thresholds. */
export interface ApiAlarmsArgs {
  /** The REST API's name: the `ApiName` dimension. */
  apiName: pulumi.Input<string>;
  /** The stage: the `Stage` dimension. */
  stageName: pulumi.Input<string>;
  /** 5XX responses in one period at which the error alarm fires. */
  serverErrorThreshold: number;
  /** p90 latency in milliseconds above which the latency alarm fires. */
  latencyThresholdMs: number;
  /** Length of one evaluation period in seconds. */
  periodSeconds: number;
  /** Consecutive breaching periods before an alarm fires. */
  evaluationPeriods: number;
  /**
   * ARNs notified when an alarm fires or recovers.
   * @default - none: the alarms only change state
   */
  actions?: string[];
}

/**
 * @example
 * new ApiAlarms("api", { apiName: api.requireOutput("restApiName"), stageName: "dev",
 *   serverErrorThreshold: 1, latencyThresholdMs: 2000, periodSeconds: 300, evaluationPeriods: 1 });
 */
export class ApiAlarms extends pulumi.ComponentResource {
  public readonly serverErrors: aws.cloudwatch.MetricAlarm;
  public readonly latency: aws.cloudwatch.MetricAlarm;

  constructor(name: string, args: ApiAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("passthrough-consumer:monitoring:ApiAlarms", name, {}, opts);
    const common = {
      namespace: "AWS/ApiGateway",
      dimensions: { ApiName: args.apiName, Stage: args.stageName },
      period: args.periodSeconds,
      evaluationPeriods: args.evaluationPeriods,
      // No requests, no datapoints: an idle API is healthy, not in alarm.
      treatMissingData: "notBreaching",
      alarmActions: args.actions ?? [],
      okActions: args.actions ?? [],
    };
    this.serverErrors = new aws.cloudwatch.MetricAlarm(`${name}-5xx`, {
      ...common,
      alarmDescription: pulumi.interpolate`5XX responses on ${args.apiName}/${args.stageName}`,
      metricName: "5XXError",
      statistic: "Sum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: args.serverErrorThreshold,
    }, { parent: this });
    this.latency = new aws.cloudwatch.MetricAlarm(`${name}-latency`, {
      ...common,
      alarmDescription: pulumi.interpolate`p90 latency on ${args.apiName}/${args.stageName}`,
      metricName: "Latency",
      extendedStatistic: "p90",
      comparisonOperator: "GreaterThanThreshold",
      threshold: args.latencyThresholdMs,
    }, { parent: this });
    this.registerOutputs({ serverErrorAlarmArn: this.serverErrors.arn, latencyAlarmArn: this.latency.arn });
  }
}
