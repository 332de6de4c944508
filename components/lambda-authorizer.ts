/**
 * A Lambda authorizer (TOKEN or REQUEST) of one REST API: the function, the API Gateway authorizer that
 * calls it before a protected method runs, and the permission that lets this one authorizer, and
 * nothing else, invoke the function. Routes take it as their `authorizer`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identitySourceProblem, type AuthorizerType } from "./authorizer-identity.ts";
import type { AuthorizerDefinition } from "./integration-spec.ts";
import { NodejsFunction, type NodejsFunctionArgs } from "./nodejs-function.ts";

export type { AuthorizerType } from "./authorizer-identity.ts";

/** API Gateway's default when the TTL is not set; set it explicitly, since removing it later may leave the old value. */
export const DEFAULT_RESULT_TTL_SECONDS = 300;
/** The most API Gateway caches a result; the limit cannot be raised. */
export const MAX_RESULT_TTL_SECONDS = 3600;

export interface LambdaAuthorizerArgs {
  /** The REST API the authorizer belongs to. */
  restApi: aws.apigateway.RestApi;
  /** `TOKEN`: the function gets one header's value; `REQUEST`: it gets the request's headers, query and context. */
  type: AuthorizerType;
  /** The authorizer function, bundled from its handler file. */
  function: NodejsFunctionArgs;
  /**
   * Where API Gateway reads the identity: one `method.request.header.<Name>` for TOKEN; for REQUEST a
   * comma-separated list of headers, query strings, stage variables and context values. A request
   * missing any of them gets 401 without the function being called. The cache is keyed by their values.
   * @default "method.request.header.Authorization"
   */
  identitySource?: string;
  /**
   * Seconds a result (policy, principal and context) is cached by identity; 0 turns caching off. With
   * caching, the policy must allow every method the same identity may call: a cached policy is
   * re-evaluated for the next method without calling the function.
   * @default 300
   */
  resultTtlInSeconds?: number;
  /**
   * TOKEN only: a regular expression the token must match, or the caller gets 401 without the function
   * being called.
   * @default - none
   */
  validationExpression?: string;
}

/**
 * @example
 * const authorizer = new LambdaAuthorizer("authorizer", {
 *   restApi, type: "REQUEST", identitySource: "method.request.header.Authorization", resultTtlInSeconds: 300,
 *   function: { entry: path.join(projectDir, "handlers", "authorizer.ts"), timeoutSeconds: 5, memoryMb: 128, logRetentionDays: 14 },
 * }, { parent });
 * new LambdaCustomRoute("lambda", { restApi, authorizer, ... }, { parent });
 */
export class LambdaAuthorizer extends pulumi.ComponentResource {
  public readonly type: AuthorizerType;
  public readonly authorizerId: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  /** The authorizer's settings and id: what a method protected by it refers to, and hashes into its deployment. */
  public readonly definition: AuthorizerDefinition;
  /** The resources a deployment of a protected method must wait for. */
  public readonly deploymentDependencies: pulumi.Resource[];

  constructor(name: string, args: LambdaAuthorizerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("passthrough:auth:LambdaAuthorizer", name, {}, opts);
    const settings = validatedSettings(name, args, this);
    const fn = new NodejsFunction(name, args.function, { parent: this });

    const authorizer = new aws.apigateway.Authorizer(name, {
      restApi: args.restApi.id,
      authorizerUri: fn.function.invokeArn,
      ...settings,
    }, { parent: this });
    // Authorizer invocations come from `<executionArn>/authorizers/<id>`, not from a stage/method/path ARN.
    const permission = new aws.lambda.Permission(`${name}-invoke`, {
      action: "lambda:InvokeFunction",
      function: fn.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: pulumi.interpolate`${args.restApi.executionArn}/authorizers/${authorizer.id}`,
    }, { parent: this });

    this.type = args.type;
    this.authorizerId = authorizer.id;
    this.functionName = fn.functionName;
    this.functionArn = fn.functionArn;
    this.definition = { id: authorizer.id, authorizerUri: fn.function.invokeArn, ...settings };
    this.deploymentDependencies = [authorizer, permission];
    this.registerOutputs({ authorizerId: this.authorizerId, functionName: this.functionName, functionArn: this.functionArn });
  }
}

/** The authorizer's settings with defaults applied. @throws pulumi.ResourceError naming the bad argument. */
function validatedSettings(name: string, args: LambdaAuthorizerArgs, resource: pulumi.Resource): Omit<AuthorizerDefinition, "id" | "authorizerUri"> {
  const identitySource = args.identitySource ?? "method.request.header.Authorization";
  const ttl = args.resultTtlInSeconds ?? DEFAULT_RESULT_TTL_SECONDS;
  const fail = (message: string) => new pulumi.ResourceError(`LambdaAuthorizer "${name}": ${message}`, resource);
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_RESULT_TTL_SECONDS) {
    throw fail(`args.resultTtlInSeconds must be an integer from 0 to ${MAX_RESULT_TTL_SECONDS}, got ${ttl}`);
  }
  const problem = identitySourceProblem(args.type, identitySource, ttl);
  if (problem !== undefined) throw fail(`args.identitySource ${problem}`);
  if (args.validationExpression !== undefined && args.type !== "TOKEN") {
    throw fail(`args.validationExpression applies to TOKEN authorizers only, got it for ${args.type}`);
  }
  return {
    type: args.type,
    identitySource,
    authorizerResultTtlInSeconds: ttl,
    identityValidationExpression: args.validationExpression || undefined,
  };
}
