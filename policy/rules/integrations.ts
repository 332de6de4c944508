/**
 * Integration rules. Every integration in a stack checked by this pack is meant to be a custom
 * (non-proxy) one: the request template shapes what the backend gets, which a proxy integration
 * ignores. An integration that really must be a proxy is exempted by its logical name in the pack's
 * config (`integrations-are-custom.exempt`).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-integration-types.html
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { show, TYPES, type Props } from "./common.ts";

const PROXY_TYPES = new Set(["AWS_PROXY", "HTTP_PROXY"]);
const HTTP_TYPES = new Set(["HTTP", "HTTP_PROXY"]);

/** Config of the `integrations-are-custom` rule. */
export interface CustomIntegrationConfig {
  /** Logical names of integrations allowed to be proxies. */
  exempt?: string[];
}

/** What is wrong with an integration meant to be custom. */
export function customIntegrationProblems(props: Props): string[] {
  const type = props.type;
  if (typeof type === "string" && PROXY_TYPES.has(type)) {
    return [`integration type: expected a custom integration (AWS or HTTP) so the request template applies; got ${show(type)}`];
  }
  return [];
}

/** What is wrong with an HTTP integration's endpoint. */
export function httpsIntegrationProblems(props: Props): string[] {
  if (typeof props.type !== "string" || !HTTP_TYPES.has(props.type)) return [];
  const uri = props.uri;
  if (typeof uri !== "string" || !uri.startsWith("https://")) {
    return [`HTTP integration uri: expected an https:// URL (the backend request would travel unencrypted); got ${show(uri)}`];
  }
  return [];
}

/** Mandatory: no AWS_PROXY or HTTP_PROXY integrations, except those the config exempts. */
export const integrationsAreCustom: ResourceValidationPolicy = {
  name: "integrations-are-custom",
  description: "API Gateway integrations must be custom (AWS or HTTP), not AWS_PROXY or HTTP_PROXY, so the request template applies.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      exempt: { type: "array", items: { type: "string" }, default: [] },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.integration) return;
    const { exempt = [] } = args.getConfig<CustomIntegrationConfig>();
    if (exempt.includes(args.name)) return;
    for (const problem of customIntegrationProblems(args.props)) reportViolation(problem);
  },
};

/** Mandatory: HTTP integrations call their backend over https. */
export const httpIntegrationsUseHttps: ResourceValidationPolicy = {
  name: "http-integrations-use-https",
  description: "HTTP and HTTP_PROXY integrations must call an https:// endpoint.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.integration) return;
    for (const problem of httpsIntegrationProblems(args.props)) reportViolation(problem);
  },
};
