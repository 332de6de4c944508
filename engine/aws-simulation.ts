import type * as pulumi from "@pulumi/pulumi";
import { alnum, digits, hex, uuid } from "./simulated-ids.ts";

/** Where simulated resources live. */
export interface AwsEnvironment {
  /** @default "us-east-1" (the engine passes config `aws:region`) */
  region: string;
  /** @default "123456789012" */
  accountId: string;
  /** Finds an already-simulated resource by id; see {@link findById}. @default - no lookups. */
  lookup?: (id: string) => SimulatedResource | undefined;
}

/** A resource as the simulation returned it. */
export interface SimulatedResource {
  type: string;
  id: string;
  state: Record<string, unknown>;
}

/** What a resource simulation needs; a `pulumi.runtime.MockResourceArgs` fits. */
export interface AwsResourceArgs {
  type: string;
  /** Logical name. */
  name: string;
  inputs: Record<string, unknown>;
  /** Seeds generated names and ids. @default `${type}::${name}` */
  urn?: string;
  /** Id of a resource being read (`Resource.get`); empty means none, as mocks pass it. */
  id?: string;
}

/** Deterministic `{ id, state }`; `state` holds every input plus what the provider computes. */
export interface AwsResourceResult {
  id: string;
  state: Record<string, unknown>;
  /** The inputs after the provider's check (autonamed name, region): what a preview already knows. */
  checkedInputs: Record<string, unknown>;
}

/** Pulumi autonaming: types whose physical name defaults to `<logical>-<7 hex>`, and which input holds it. */
const AUTONAMED: Record<string, string> = {
  "aws:apigateway/restApi:RestApi": "name",
  "aws:apigateway/apiKey:ApiKey": "name",
  "aws:apigateway/authorizer:Authorizer": "name",
  "aws:apigateway/usagePlan:UsagePlan": "name",
  "aws:cloudwatch/logGroup:LogGroup": "name",
  "aws:dynamodb/table:Table": "name",
  "aws:iam/policy:Policy": "name",
  "aws:iam/role:Role": "name",
  "aws:iam/rolePolicy:RolePolicy": "name",
  "aws:lambda/function:Function": "name",
  "aws:lambda/permission:Permission": "statementId",
  "aws:s3/bucket:Bucket": "bucket",
  "aws:sns/topic:Topic": "name",
  "aws:sqs/queue:Queue": "name",
};

const REST_API = "aws:apigateway/restApi:RestApi";
const CREATED = "2024-01-01T00:00:00Z";

interface Context {
  inputs: Record<string, unknown>;
  region: string;
  accountId: string;
  seed: string;
  lookup: (id: string) => SimulatedResource | undefined;
}

type Computed = { id: string } & Record<string, unknown>;

const SIMULATIONS: Record<string, (c: Context) => Computed> = {
  [REST_API]: (c) => {
    const id = alnum(c.seed, 10);
    return {
      id,
      rootResourceId: alnum(`${c.seed}/root`, 10),
      executionArn: `arn:aws:execute-api:${c.region}:${c.accountId}:${id}`,
      arn: `arn:aws:apigateway:${c.region}::/restapis/${id}`,
      createdDate: CREATED,
    };
  },
  "aws:apigateway/resource:Resource": (c) => ({ id: alnum(c.seed, 6), path: resourcePath(c) }),
  "aws:apigateway/method:Method": (c) => ({ id: `agm-${methodKey(c)}`, apiKeyRequired: c.inputs.apiKeyRequired ?? false }),
  "aws:apigateway/integration:Integration": (c) => ({
    id: `agi-${methodKey(c)}`,
    passthroughBehavior: c.inputs.passthroughBehavior ?? "WHEN_NO_MATCH",
    timeoutMilliseconds: c.inputs.timeoutMilliseconds ?? 29000,
    connectionType: c.inputs.connectionType ?? "INTERNET",
    cacheNamespace: c.inputs.cacheNamespace ?? c.inputs.resourceId,
  }),
  "aws:apigateway/methodResponse:MethodResponse": (c) => ({ id: `agmr-${methodKey(c)}-${str(c.inputs.statusCode)}` }),
  "aws:apigateway/integrationResponse:IntegrationResponse": (c) => ({
    id: `agir-${methodKey(c)}-${str(c.inputs.statusCode)}`,
  }),
  "aws:apigateway/authorizer:Authorizer": (c) => {
    const id = alnum(c.seed, 6);
    return {
      id,
      arn: `arn:aws:apigateway:${c.region}::/restapis/${str(c.inputs.restApi)}/authorizers/${id}`,
      type: c.inputs.type ?? "TOKEN",
      identitySource: c.inputs.identitySource ?? "method.request.header.Authorization",
      authorizerResultTtlInSeconds: c.inputs.authorizerResultTtlInSeconds ?? 300,
    };
  },
  "aws:apigateway/deployment:Deployment": (c) => ({ id: alnum(c.seed, 6), createdDate: CREATED }),
  "aws:apigateway/stage:Stage": (c) => {
    const [api, stage] = [str(c.inputs.restApi), str(c.inputs.stageName)];
    return {
      id: `ags-${api}-${stage}`,
      invokeUrl: `https://${api}.execute-api.${c.region}.amazonaws.com/${stage}`,
      executionArn: `arn:aws:execute-api:${c.region}:${c.accountId}:${api}/${stage}`,
      arn: `arn:aws:apigateway:${c.region}::/restapis/${api}/stages/${stage}`,
    };
  },
  "aws:apigateway/methodSettings:MethodSettings": (c) => ({
    id: `${str(c.inputs.restApi)}-${str(c.inputs.stageName)}-${str(c.inputs.methodPath)}`,
  }),
  "aws:apigateway/account:Account": () => ({ id: "api-gateway-account" }),
  "aws:lambda/function:Function": lambdaFunction,
  "aws:lambda/permission:Permission": (c) => ({ id: str(c.inputs.statementId) }),
  "aws:cloudwatch/logGroup:LogGroup": (c) => ({
    id: str(c.inputs.name),
    arn: `arn:aws:logs:${c.region}:${c.accountId}:log-group:${str(c.inputs.name)}`,
  }),
  "aws:iam/role:Role": (c) => ({
    id: str(c.inputs.name),
    arn: `arn:aws:iam::${c.accountId}:role${str(c.inputs.path ?? "/")}${str(c.inputs.name)}`,
    uniqueId: `AROA${alnum(c.seed, 17).toUpperCase()}`,
    createDate: CREATED,
  }),
  "aws:iam/policy:Policy": (c) => {
    const arn = `arn:aws:iam::${c.accountId}:policy${str(c.inputs.path ?? "/")}${str(c.inputs.name)}`;
    return { id: arn, arn, policyId: `ANPA${alnum(c.seed, 17).toUpperCase()}` };
  },
  "aws:iam/rolePolicy:RolePolicy": (c) => ({ id: `${str(c.inputs.role)}:${str(c.inputs.name)}` }),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (c) => ({ id: `${str(c.inputs.role)}-${hex(c.seed, 26)}` }),
};

/**
 * Simulates what the AWS provider returns when it creates (or reads) a resource: deterministic ids, ARNs and
 * autonamed physical names, so the same program always yields the same outputs.
 * @example
 * pulumi.runtime.setMocks({ newResource: (args) => simulateAwsResource(args), call: ... });
 */
export function simulateAwsResource(args: AwsResourceArgs, env: Partial<AwsEnvironment> = {}): AwsResourceResult {
  const seed = args.urn ?? `${args.type}::${args.name}`;
  if (!args.type.startsWith("aws:")) {
    return { id: args.id || uuid(seed), state: { ...args.inputs }, checkedInputs: { ...args.inputs } };
  }
  const inputs = { ...args.inputs };
  const nameKey = AUTONAMED[args.type];
  if (nameKey !== undefined && (inputs[nameKey] === undefined || inputs[nameKey] === null)) {
    // With `namePrefix` the provider itself appends a 26-digit unique suffix instead of Pulumi's autoname.
    const prefix = inputs.namePrefix;
    inputs[nameKey] = typeof prefix === "string" ? `${prefix}${digits(seed, 26)}` : `${args.name}-${hex(seed, 7)}`;
  }
  const region = typeof inputs.region === "string" ? inputs.region : (env.region ?? "us-east-1");
  inputs.region = region;
  const context: Context = {
    inputs,
    region,
    accountId: env.accountId ?? "123456789012",
    seed,
    lookup: env.lookup ?? (() => undefined),
  };
  const { id, ...computed } = (SIMULATIONS[args.type] ?? (() => ({ id: hex(seed, 16) })))(context);
  const tags = inputs.tags === undefined ? {} : { tagsAll: inputs.tags };
  return { id: args.id || id, state: { ...inputs, ...tags, ...computed }, checkedInputs: inputs };
}

/**
 * Simulates a provider function (`aws.getRegion()` etc.).
 * @throws for tokens without a simulation, naming the token.
 */
export function simulateAwsCall(
  token: string,
  args: Record<string, unknown> = {},
  env: Partial<AwsEnvironment> = {},
): Record<string, unknown> {
  const accountId = env.accountId ?? "123456789012";
  switch (token) {
    case "aws:index/getRegion:getRegion": {
      const region = str(args.region ?? args.name ?? env.region ?? "us-east-1");
      const endpoint = `ec2.${region}.amazonaws.com`;
      return { id: region, name: region, region, endpoint, description: region };
    }
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { id: accountId, accountId, arn: `arn:aws:iam::${accountId}:user/offline`, userId: "AIDAOFFLINE" };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    default:
      throw new Error(`no offline simulation for function "${token}"`);
  }
}

/**
 * Finds the resource with this id; an API Gateway root resource id (`RestApi.rootResourceId`) finds its RestApi.
 */
export function findById(resources: Iterable<SimulatedResource>, id: string): SimulatedResource | undefined {
  let root: SimulatedResource | undefined;
  for (const resource of resources) {
    if (resource.id === id) return resource;
    if (resource.type === REST_API && resource.state.rootResourceId === id) root = resource;
  }
  return root;
}

/**
 * Mocks for `pulumi.runtime.setMocks` backed by this simulation; they remember created resources so that
 * lookups (an API Gateway resource's parent path) work as in the offline engine.
 */
export function createAwsMocks(env: Omit<Partial<AwsEnvironment>, "lookup"> = {}): pulumi.runtime.Mocks {
  const created: SimulatedResource[] = [];
  const lookup = (id: string): SimulatedResource | undefined => findById(created, id);
  return {
    newResource: (args) => {
      const result = simulateAwsResource(args, { ...env, lookup });
      created.push({ type: args.type, ...result });
      return result;
    },
    call: (args) => simulateAwsCall(args.token, args.inputs, env),
  };
}

/** The Lambda `invokeArn` API Gateway integrations use as `uri`. */
export function lambdaInvokeArn(region: string, functionArn: string): string {
  return `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

function lambdaFunction(c: Context): Computed {
  const name = str(c.inputs.name);
  const arn = `arn:aws:lambda:${c.region}:${c.accountId}:function:${name}`;
  const version = c.inputs.publish === true ? "1" : "$LATEST";
  return {
    id: name,
    arn,
    invokeArn: lambdaInvokeArn(c.region, arn),
    qualifiedArn: `${arn}:${version}`,
    qualifiedInvokeArn: lambdaInvokeArn(c.region, `${arn}:${version}`),
    version,
    memorySize: c.inputs.memorySize ?? 128,
    timeout: c.inputs.timeout ?? 3,
    packageType: c.inputs.packageType ?? "Zip",
    architectures: c.inputs.architectures ?? ["x86_64"],
    lastModified: CREATED,
  };
}

function resourcePath(c: Context): string {
  const parent = c.lookup(str(c.inputs.parentId));
  const parentPath = parent === undefined || parent.type === REST_API ? "" : str(parent.state.path);
  return `${parentPath.replace(/\/$/, "")}/${str(c.inputs.pathPart)}`;
}

function methodKey(c: Context): string {
  return `${str(c.inputs.restApi)}-${str(c.inputs.resourceId)}-${str(c.inputs.httpMethod)}`;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : String(value ?? "");
}
