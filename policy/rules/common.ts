/**
 * Type tokens and small helpers shared by the rules. Rules match resources by type token, so the pack
 * needs no provider SDK to run.
 */

/** Pulumi type tokens of the resources the rules inspect. */
export const TYPES = {
  lambdaPermission: "aws:lambda/permission:Permission",
  integration: "aws:apigateway/integration:Integration",
  stage: "aws:apigateway/stage:Stage",
  methodSettings: "aws:apigateway/methodSettings:MethodSettings",
  iamRole: "aws:iam/role:Role",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamPolicy: "aws:iam/policy:Policy",
} as const;

/** Resource properties as a policy sees them (`args.props`). */
export type Props = Record<string, unknown>;

/** JSON text of a value for messages: `"x"`, `42`, `undefined`. */
export function show(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

/** The value as a plain object, or `undefined` when it is not one. */
export function asObject(value: unknown): Props | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Props) : undefined;
}
