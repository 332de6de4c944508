/**
 * A Lambda permission for API Gateway must name one API: without a `sourceArn` (or with a wildcard API
 * id) any API Gateway API, in any account, could invoke the function.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { show, TYPES, type Props } from "./common.ts";

export const APIGATEWAY_PRINCIPAL = "apigateway.amazonaws.com";

/** `arn:<partition>:execute-api:<region>:<account>:<apiId>[/<stage>/<method>/<path> | /authorizers/<id>]` */
export const EXECUTE_API_ARN = /^arn:aws[a-z-]*:execute-api:([^:]*):([^:]*):([^/]*)(\/.*)?$/;

const EXPECTED = "the execution ARN of one API (arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<method>/<path>)";

/** What is wrong with a permission's `sourceArn`, if the permission is for API Gateway. */
export function lambdaPermissionProblems(props: Props): string[] {
  if (props.principal !== APIGATEWAY_PRINCIPAL) return [];
  const sourceArn = props.sourceArn;
  if (typeof sourceArn !== "string" || sourceArn === "") {
    return [`Lambda permission for ${APIGATEWAY_PRINCIPAL} has no sourceArn, so any API in any account may invoke the ` +
      `function: expected ${EXPECTED}; got ${show(sourceArn)}`];
  }
  const match = EXECUTE_API_ARN.exec(sourceArn);
  if (match === null) return [`Lambda permission sourceArn: expected ${EXPECTED}; got ${show(sourceArn)}`];
  const [, region, account, apiId] = match;
  const wild = Object.entries({ region, account, "API id": apiId })
    .filter(([, part]) => part === "" || /[*?]/.test(part))
    .map(([name]) => name);
  if (wild.length > 0) {
    return [`Lambda permission sourceArn: expected a literal ${wild.join(", ")} (one API); got ${show(sourceArn)}`];
  }
  return [];
}

/** Mandatory: API Gateway may invoke a function only from one named API. */
export const lambdaPermissionScopedToOneApi: ResourceValidationPolicy = {
  name: "lambda-permission-scoped-to-one-api",
  description: "A Lambda permission for apigateway.amazonaws.com must have a sourceArn naming one API's execution ARN.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.lambdaPermission) return;
    for (const problem of lambdaPermissionProblems(args.props)) reportViolation(problem);
  },
};
