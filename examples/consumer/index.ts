/**
 * Watches the passthrough API's stage: reads that stack's outputs through a StackReference (config
 * `apiStack`) and alarms on its 5XX errors and latency. The configuration is validated first.
 */
import { loadConsumerConfig } from "./config.ts";
import { createConsumer } from "./consumer.ts";

const outputs = createConsumer(loadConsumerConfig());

export const invokeUrl = outputs.invokeUrl;
export const serverErrorAlarmArn = outputs.serverErrorAlarmArn;
export const latencyAlarmArn = outputs.latencyAlarmArn;
