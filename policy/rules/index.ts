/**
 * The guardrails of the passthrough API, importable without starting a policy pack (constructing a
 * `PolicyPack` starts its gRPC server; `../index.ts` does that).
 */
import type { Policies } from "@pulumi/policy";
import { authorizerPermissionNamesOneAuthorizer } from "./authorizer-permission.ts";
import { noWildcardIamActions } from "./iam-actions.ts";
import { httpIntegrationsUseHttps, integrationsAreCustom } from "./integrations.ts";
import { lambdaPermissionScopedToOneApi } from "./lambda-permission.ts";
import { stagesAreThrottled } from "./stage-throttling.ts";

export { authorizerPermissionNamesOneAuthorizer, authorizerPermissionProblems } from "./authorizer-permission.ts";
export { wildcardActionProblems, noWildcardIamActions } from "./iam-actions.ts";
export { customIntegrationProblems, httpIntegrationsUseHttps, httpsIntegrationProblems, integrationsAreCustom } from "./integrations.ts";
export type { CustomIntegrationConfig } from "./integrations.ts";
export { lambdaPermissionProblems, lambdaPermissionScopedToOneApi } from "./lambda-permission.ts";
export { stageThrottlingProblems, stagesAreThrottled } from "./stage-throttling.ts";
export type { ResourceProblem, StackResource } from "./stage-throttling.ts";
export { TYPES } from "./common.ts";

/** Every rule of the pack, all mandatory. */
export const policies: Policies = [
  lambdaPermissionScopedToOneApi,
  authorizerPermissionNamesOneAuthorizer,
  integrationsAreCustom,
  httpIntegrationsUseHttps,
  stagesAreThrottled,
  noWildcardIamActions,
];
