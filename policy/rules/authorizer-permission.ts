/**
 * A Lambda authorizer's function is invoked from `<executionArn>/authorizers/<authorizerId>`. Its
 * permission must name one authorizer: with `/authorizers/*` any authorizer of the API, including one
 * added later for another purpose, could call the function.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { show, TYPES, type Props } from "./common.ts";
import { APIGATEWAY_PRINCIPAL, EXECUTE_API_ARN } from "./lambda-permission.ts";

/** What follows the API id in an authorizer's source ARN: one literal authorizer id. */
const ONE_AUTHORIZER = /^\/authorizers\/[A-Za-z0-9]+$/;

/** What is wrong with a permission whose `sourceArn` points at an API's authorizers, if anything. */
export function authorizerPermissionProblems(props: Props): string[] {
  if (props.principal !== APIGATEWAY_PRINCIPAL || typeof props.sourceArn !== "string") return [];
  const resourcePath = EXECUTE_API_ARN.exec(props.sourceArn)?.[4] ?? "";
  if (!resourcePath.startsWith("/authorizers") || ONE_AUTHORIZER.test(resourcePath)) return [];
  return [`Lambda permission for an authorizer: expected exactly one authorizer of one API ` +
    `(arn:aws:execute-api:<region>:<account>:<apiId>/authorizers/<authorizerId>); got ${show(props.sourceArn)}`];
}

/** Mandatory: an authorizer function may be invoked by its own authorizer only. */
export const authorizerPermissionNamesOneAuthorizer: ResourceValidationPolicy = {
  name: "authorizer-permission-names-one-authorizer",
  description: "A Lambda permission for an API Gateway authorizer must name one authorizer id of one API.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.lambdaPermission) return;
    for (const problem of authorizerPermissionProblems(args.props)) reportViolation(problem);
  },
};
