/**
 * The policy pack: `pulumi preview --policy-pack policy` runs it. The rules live in `./rules/`.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules/index.ts";

new PolicyPack("passthrough-api-guardrails", {
  description: "Scoped Lambda permissions (one API; one authorizer for authorizers), custom integrations over https, throttled stages, no wildcard IAM actions.",
  enforcementLevel: "mandatory",
  policies,
});
