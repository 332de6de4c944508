/**
 * No IAM policy statement may allow every action (`*`) or every action of a service (`logs:*`): roles
 * here get the few actions they use. `Allow` with `NotAction` is rejected too, since it allows
 * everything not listed.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asObject, show, TYPES, type Props } from "./common.ts";

/** `*`, or `service:*` (a whole service). */
const WILDCARD_ACTION = /^(\*|[A-Za-z0-9-]+:\*)$/;

/** The policy documents a resource carries, labelled for messages. */
function policyDocuments(type: string, props: Props): [label: string, document: unknown][] {
  if (type === TYPES.iamRolePolicy || type === TYPES.iamPolicy) return [["policy", props.policy]];
  if (type === TYPES.iamRole && Array.isArray(props.inlinePolicies)) {
    return props.inlinePolicies.map((p, i) => [`inlinePolicies[${i}].policy`, asObject(p)?.policy]);
  }
  return [];
}

/** Wildcard grants in the IAM policy documents of one resource. */
export function wildcardActionProblems(type: string, props: Props): string[] {
  return policyDocuments(type, props).flatMap(([label, document]) => documentProblems(label, document));
}

function documentProblems(label: string, document: unknown): string[] {
  if (document === undefined || document === null) return [];
  let parsed: unknown = document;
  if (typeof document === "string") {
    try {
      parsed = JSON.parse(document);
    } catch {
      return [`${label}: expected a JSON policy document; got ${show(document)}`];
    }
  }
  const statement = asObject(parsed)?.Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  return statements.flatMap((s, i) => statementProblems(`${label} Statement[${i}]`, asObject(s)));
}

function statementProblems(label: string, statement: Props | undefined): string[] {
  if (statement?.Effect !== "Allow") return [];
  if (statement.NotAction !== undefined) {
    return [`${label}: expected Allow with a list of Action; got Allow with NotAction ${show(statement.NotAction)}, which allows every other action`];
  }
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  const wild = actions.filter((a): a is string => typeof a === "string" && WILDCARD_ACTION.test(a));
  return wild.length === 0 ? [] : [`${label}: expected named actions; got ${wild.map(show).join(", ")}`];
}

/** Mandatory: no IAM policy statement allows `*` or `service:*` actions. */
export const noWildcardIamActions: ResourceValidationPolicy = {
  name: "no-wildcard-iam-actions",
  description: 'IAM role, inline and managed policy statements must not allow "*" or "<service>:*" actions.',
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    for (const problem of wildcardActionProblems(args.type, args.props)) reportViolation(problem);
  },
};
