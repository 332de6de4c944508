/**
 * The API as the program declared it, built once from the resources the program registered: the
 * stage, every resource path with its methods, integrations, compiled templates and responses, and the
 * Lambda functions integrations call. Nothing here is declared a second time; a request only reads it.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { ProgramRun } from "../engine/program-run.ts";
import type { RegisteredResource } from "../engine/resource-monitor.ts";
import { isArchive, type PropertyMap, type PropertyValue } from "../engine/wire-values.ts";
import { compileTemplate, type CompiledTemplate } from "./vtl/compile.ts";

const TYPES = {
  restApi: "aws:apigateway/restApi:RestApi",
  resource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  methodResponse: "aws:apigateway/methodResponse:MethodResponse",
  integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
  stage: "aws:apigateway/stage:Stage",
  function: "aws:lambda/function:Function",
} as const;

/** API Gateway's default integration timeout. */
export const DEFAULT_TIMEOUT_MS = 29000;

export interface ApiModel {
  readonly apiId: string;
  readonly accountId: string;
  readonly region: string;
  readonly stageName: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** Every resource that has at least one method. */
  readonly resources: readonly ResourceModel[];
}

export interface ResourceModel {
  readonly id: string;
  /** e.g. `/lambda/{proxy+}` */
  readonly path: string;
  /** By HTTP method, `ANY` included. */
  readonly methods: ReadonlyMap<string, MethodModel>;
}

export interface MethodModel {
  readonly httpMethod: string;
  readonly resourcePath: string;
  readonly resourceId: string;
  readonly requestParameters: Readonly<Record<string, boolean>>;
  /** Status codes that have a method response. */
  readonly methodResponses: ReadonlySet<string>;
  readonly integration?: IntegrationModel;
}

export interface IntegrationModel {
  readonly type: string;
  readonly uri: string;
  readonly integrationHttpMethod: string;
  readonly passthroughBehavior: string;
  /** By content type, lowercased. */
  readonly requestTemplates: ReadonlyMap<string, CompiledTemplate>;
  /** `[target, source]` pairs, e.g. `["integration.request.path.proxy", "method.request.path.proxy"]`. */
  readonly requestParameters: readonly (readonly [string, string])[];
  readonly timeoutMs: number;
  readonly responses: readonly IntegrationResponseModel[];
  /** The function a Lambda integration invokes. */
  readonly lambda?: LambdaFunctionModel;
}

export interface IntegrationResponseModel {
  readonly statusCode: string;
  /** Full-match pattern; absent on the default response. */
  readonly selectionPattern?: RegExp;
  /** By content type, in declaration order. */
  readonly responseTemplates: ReadonlyMap<string, CompiledTemplate>;
  readonly responseParameters: readonly (readonly [string, string])[];
}

export interface LambdaFunctionModel {
  readonly name: string;
  readonly arn: string;
  /** Directory of the function's code archive. */
  readonly codeDir: string;
  /** Hash of the files in `codeDir` when the model was built: which code this version of the API runs. */
  readonly codeHash: string;
  /** e.g. `index.handler` */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logGroupName: string;
}

/**
 * Builds the model of the API a program run declared.
 * @throws when the run holds no REST API, no stage, or a template that does not compile (naming it).
 */
export function buildApiModel(run: ProgramRun, region: string): ApiModel {
  const restApi = exactlyOne(run.ofType(TYPES.restApi), "REST API (aws.apigateway.RestApi)");
  const stage = exactlyOne(run.ofType(TYPES.stage), "stage (aws.apigateway.Stage)");
  const executionArn = text(restApi.outputs.executionArn);
  const functions = run.ofType(TYPES.function).map(functionModel);
  const paths = resourcePaths(restApi, run.ofType(TYPES.resource));
  const methods = run.ofType(TYPES.method).map((m) => methodModel(m, run, paths, functions));
  const resources = [...paths].flatMap(([id, path]) => {
    const own = methods.filter((m) => m.resourceId === id);
    return own.length === 0 ? [] : [{ id, path, methods: new Map(own.map((m) => [m.httpMethod, m])) }];
  });
  return {
    apiId: restApi.id ?? "",
    accountId: executionArn.split(":")[4] ?? "123456789012",
    region,
    stageName: text(stage.inputs.stageName),
    stageVariables: stringMap(stage.inputs.variables),
    resources,
  };
}

function methodModel(
  method: RegisteredResource,
  run: ProgramRun,
  paths: ReadonlyMap<string, string>,
  functions: readonly LambdaFunctionModel[],
): MethodModel {
  const { resourceId, httpMethod } = { resourceId: text(method.inputs.resourceId), httpMethod: text(method.inputs.httpMethod) };
  const sameMethod = (r: RegisteredResource) => text(r.inputs.resourceId) === resourceId && text(r.inputs.httpMethod) === httpMethod;
  const resourcePath = paths.get(resourceId) ?? "/";
  const integration = run.ofType(TYPES.integration).find(sameMethod);
  const responses = run.ofType(TYPES.integrationResponse).filter(sameMethod).map((r) => integrationResponseModel(r, resourcePath));
  return {
    httpMethod,
    resourcePath,
    resourceId,
    requestParameters: booleanMap(method.inputs.requestParameters),
    methodResponses: new Set(run.ofType(TYPES.methodResponse).filter(sameMethod).map((r) => text(r.inputs.statusCode))),
    integration: integration && integrationModel(integration, responses, functions, `${httpMethod} ${resourcePath}`),
  };
}

function integrationModel(
  integration: RegisteredResource,
  responses: IntegrationResponseModel[],
  functions: readonly LambdaFunctionModel[],
  where: string,
): IntegrationModel {
  const inputs = integration.inputs;
  const uri = text(inputs.uri);
  const type = text(inputs.type);
  const lambda = type === "AWS" || type === "AWS_PROXY" ? functions.find((f) => uri.includes(`/functions/${f.arn}/`)) : undefined;
  return {
    type,
    uri,
    integrationHttpMethod: text(inputs.integrationHttpMethod),
    passthroughBehavior: text(inputs.passthroughBehavior) || "WHEN_NO_MATCH",
    requestTemplates: compileTemplates(inputs.requestTemplates, `request template of ${where}`),
    requestParameters: Object.entries(stringMap(inputs.requestParameters)),
    timeoutMs: typeof inputs.timeoutMilliseconds === "number" ? inputs.timeoutMilliseconds : DEFAULT_TIMEOUT_MS,
    responses,
    lambda,
  };
}

function integrationResponseModel(response: RegisteredResource, resourcePath: string): IntegrationResponseModel {
  const inputs = response.inputs;
  const pattern = text(inputs.selectionPattern);
  const statusCode = text(inputs.statusCode);
  return {
    statusCode,
    // API Gateway matches the whole value with a Java regex; JS syntax covers the patterns used here.
    selectionPattern: pattern === "" ? undefined : new RegExp(`^(?:${pattern})$`),
    responseTemplates: compileTemplates(inputs.responseTemplates, `${statusCode} response template of ${resourcePath}`),
    responseParameters: Object.entries(stringMap(inputs.responseParameters)),
  };
}

function functionModel(fn: RegisteredResource): LambdaFunctionModel {
  const code = fn.inputs.code;
  const codeDir = isArchive(code) && code.kind === "FileArchive" ? code.path : "";
  const environment = fn.inputs.environment as PropertyMap | undefined;
  const logging = fn.inputs.loggingConfig as PropertyMap | undefined;
  return {
    name: text(fn.outputs.name),
    arn: text(fn.outputs.arn),
    codeDir,
    codeHash: directoryHash(codeDir),
    handler: text(fn.inputs.handler),
    timeoutSeconds: typeof fn.outputs.timeout === "number" ? fn.outputs.timeout : 3,
    memoryMb: typeof fn.outputs.memorySize === "number" ? fn.outputs.memorySize : 128,
    environment: stringMap(environment?.variables),
    logGroupName: text(logging?.logGroup) || `/aws/lambda/${text(fn.outputs.name)}`,
  };
}

/** Resource id → full path, from each resource's parent chain. */
function resourcePaths(restApi: RegisteredResource, resources: readonly RegisteredResource[]): Map<string, string> {
  const rootId = text(restApi.outputs.rootResourceId);
  const byId = new Map(resources.map((r) => [r.id ?? "", r]));
  const paths = new Map<string, string>([[rootId, "/"]]);
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const resource = byId.get(id);
    if (resource === undefined) return "/";
    const parent = pathOf(text(resource.inputs.parentId));
    const path = `${parent === "/" ? "" : parent}/${text(resource.inputs.pathPart)}`;
    paths.set(id, path);
    return path;
  };
  for (const id of byId.keys()) pathOf(id);
  return paths;
}

function compileTemplates(value: PropertyValue | undefined, what: string): Map<string, CompiledTemplate> {
  const templates = new Map<string, CompiledTemplate>();
  for (const [contentType, source] of Object.entries(stringMap(value))) {
    try {
      templates.set(contentType.toLowerCase(), compileTemplate(source));
    } catch (err) {
      throw new Error(`${what} (${contentType}) does not compile: ${(err as Error).message}`, { cause: err });
    }
  }
  return templates;
}

function directoryHash(dir: string): string {
  const hash = createHash("sha256");
  try {
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    for (const file of files.map((entry) => path.join(entry.parentPath, entry.name)).sort()) {
      hash.update(path.relative(dir, file)).update(readFileSync(file));
    }
  } catch {
    // No such directory: the integration says so when it loads the handler.
  }
  return hash.digest("hex");
}

function exactlyOne(resources: RegisteredResource[], what: string): RegisteredResource {
  if (resources.length !== 1) throw new Error(`the program must declare exactly one ${what}; it declares ${resources.length}`);
  return resources[0];
}

function text(value: PropertyValue | undefined): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

function stringMap(value: PropertyValue | undefined): Record<string, string> {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as PropertyMap).map(([k, v]) => [k, text(v)]));
}

function booleanMap(value: PropertyValue | undefined): Record<string, boolean> {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as PropertyMap).map(([k, v]) => [k, v === true]));
}
