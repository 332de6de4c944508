/**
 * The API as the program declared it, built once from the resources the program registered: the
 * stage, every resource path with its methods, integrations, compiled templates and responses, and the
 * Lambda functions integrations call. Nothing here is declared a second time; a request only reads it.
 * (API Gateway's own "models", the JSON schemas request validators use, are `SchemaModel`s here.)
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { ProgramRun } from "../engine/program-run.ts";
import type { RegisteredResource } from "../engine/resource-monitor.ts";
import { isArchive, type PropertyMap, type PropertyValue } from "../engine/wire-values.ts";
import type { DeclaredGatewayResponse } from "./gateway-responses.ts";
import { compileTemplate, type CompiledTemplate } from "./vtl/compile.ts";

const TYPES = {
  restApi: "aws:apigateway/restApi:RestApi",
  resource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  methodResponse: "aws:apigateway/methodResponse:MethodResponse",
  integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
  stage: "aws:apigateway/stage:Stage",
  authorizer: "aws:apigateway/authorizer:Authorizer",
  gatewayResponse: "aws:apigateway/response:Response",
  requestValidator: "aws:apigateway/requestValidator:RequestValidator",
  schemaModel: "aws:apigateway/model:Model",
  methodSettings: "aws:apigateway/methodSettings:MethodSettings",
  function: "aws:lambda/function:Function",
} as const;

/** API Gateway's authorizer defaults when the program leaves a setting out. */
const AUTHORIZER_DEFAULTS = { type: "TOKEN", identitySource: "method.request.header.Authorization", ttlSeconds: 300 } as const;

/** API Gateway's default integration timeout. */
export const DEFAULT_TIMEOUT_MS = 29000;

export interface DeclaredApi {
  /** The REST API's logical name in the program. */
  readonly name: string;
  readonly apiId: string;
  readonly accountId: string;
  readonly region: string;
  readonly stageName: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** The deployment the stage serves (`$context.deploymentId`). */
  readonly deploymentId: string;
  /** Every resource that has at least one method. */
  readonly resources: readonly DeclaredResource[];
  /** Customized gateway responses. */
  readonly gatewayResponses: readonly DeclaredGatewayResponse[];
  /** Throttling the stage's method settings declare: `*\/*` and per method (`<path>/<METHOD>`). */
  readonly throttling: ReadonlyMap<string, ThrottleLimits>;
}

/** A method setting's throttling: steady requests per second and burst. */
export interface ThrottleLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface DeclaredResource {
  readonly id: string;
  /** e.g. `/lambda/{proxy+}` */
  readonly path: string;
  /** By HTTP method, `ANY` included. */
  readonly methods: ReadonlyMap<string, DeclaredMethod>;
}

export interface DeclaredMethod {
  readonly httpMethod: string;
  readonly resourcePath: string;
  readonly resourceId: string;
  readonly requestParameters: Readonly<Record<string, boolean>>;
  /** Status codes that have a method response. */
  readonly methodResponses: ReadonlySet<string>;
  readonly integration?: DeclaredIntegration;
  /** The Lambda authorizer of a `CUSTOM` method. */
  readonly authorizer?: DeclaredAuthorizer;
  /** `AWS_IAM` or `COGNITO_USER_POOLS` when the method uses one of them, which the gateway does not check. */
  readonly uncheckedAuthorization?: "AWS_IAM" | "COGNITO_USER_POOLS";
  /** What the method's request validator checks, if it has one. */
  readonly validation?: DeclaredValidation;
}

/** A method's request validator with the models it validates bodies against. */
export interface DeclaredValidation {
  readonly validateRequestParameters: boolean;
  readonly validateRequestBody: boolean;
  /** JSON schemas (draft 4) by content type, lowercased, with the API's other models their `$ref`s may name. */
  readonly bodySchemas: ReadonlyMap<string, SchemaModel>;
  readonly apiModels: readonly SchemaModel[];
}

/** An API Gateway model: a named JSON schema. */
export interface SchemaModel {
  readonly name: string;
  readonly schema: unknown;
}

/** A Lambda authorizer (`aws.apigateway.Authorizer` of type TOKEN or REQUEST). */
export interface DeclaredAuthorizer {
  readonly id: string;
  readonly name: string;
  readonly type: "TOKEN" | "REQUEST";
  /** e.g. `["method.request.header.Authorization"]` */
  readonly identitySources: readonly string[];
  /** TOKEN only: must match the whole token. */
  readonly validationExpression?: RegExp;
  /** 0: results are not cached. */
  readonly resultTtlSeconds: number;
  readonly uri: string;
  /** The function the URI names; absent when the program declares none that matches. */
  readonly lambda?: DeclaredFunction;
}

export interface DeclaredIntegration {
  readonly type: string;
  readonly uri: string;
  readonly integrationHttpMethod: string;
  readonly passthroughBehavior: string;
  /** By content type, lowercased. */
  readonly requestTemplates: ReadonlyMap<string, CompiledTemplate>;
  /** `[target, source]` pairs, e.g. `["integration.request.path.proxy", "method.request.path.proxy"]`. */
  readonly requestParameters: readonly (readonly [string, string])[];
  readonly timeoutMs: number;
  readonly responses: readonly DeclaredIntegrationResponse[];
  /** The function a Lambda integration invokes. */
  readonly lambda?: DeclaredFunction;
}

export interface DeclaredIntegrationResponse {
  readonly statusCode: string;
  /** Full-match pattern; absent on the default response. */
  readonly selectionPattern?: RegExp;
  /** By content type, in declaration order. */
  readonly responseTemplates: ReadonlyMap<string, CompiledTemplate>;
  readonly responseParameters: readonly (readonly [string, string])[];
}

export interface DeclaredFunction {
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

/** The REST APIs a program declares, by logical name: what `--api` chooses from. */
export function restApiNames(run: ProgramRun): string[] {
  return run.ofType(TYPES.restApi).map((api) => api.name).sort();
}

/**
 * Builds the model of one REST API a program run declared: the one named `apiName`, or the only one.
 * @throws when there is none, when several exist and none is named (listing them), when the API has no
 *   stage or several, or when a template does not compile (naming it).
 */
export function readDeclaredApi(run: ProgramRun, region: string, apiName?: string): DeclaredApi {
  const restApi = chooseRestApi(run, apiName);
  const apiId = restApi.id ?? "";
  // Only this API's resources; a program may declare several APIs.
  const ofApi = (type: string) => run.ofType(type).filter((r) => text(r.inputs.restApi ?? r.inputs.restApiId) === apiId);
  const stage = exactlyOne(ofApi(TYPES.stage), `stage (aws.apigateway.Stage) of REST API "${restApi.name}"`);
  const executionArn = text(restApi.outputs.executionArn);
  const functions = run.ofType(TYPES.function).map(functionModel);
  // Cognito user pool authorizers are not emulated: the methods using them say so when called.
  const authorizers = ofApi(TYPES.authorizer).filter((a) => text(a.inputs.type) !== "COGNITO_USER_POOLS").map((a) => authorizerModel(a, functions));
  const schemas = ofApi(TYPES.schemaModel).map(schemaModel);
  const declarations: MethodDeclarations = {
    integrations: ofApi(TYPES.integration), integrationResponses: ofApi(TYPES.integrationResponse), methodResponses: ofApi(TYPES.methodResponse),
    validators: ofApi(TYPES.requestValidator), schemas, functions, authorizers,
  };
  const paths = resourcePaths(restApi, ofApi(TYPES.resource));
  const methods = ofApi(TYPES.method).map((m) => methodModel(m, paths, declarations));
  const resources = [...paths].flatMap(([id, path]) => {
    const own = methods.filter((m) => m.resourceId === id);
    return own.length === 0 ? [] : [{ id, path, methods: new Map(own.map((m) => [m.httpMethod, m])) }];
  });
  const stageName = text(stage.inputs.stageName);
  return {
    name: restApi.name,
    apiId,
    accountId: executionArn.split(":")[4] ?? "123456789012",
    region,
    stageName,
    stageVariables: stringMap(stage.inputs.variables),
    deploymentId: text(stage.inputs.deployment),
    resources,
    gatewayResponses: ofApi(TYPES.gatewayResponse).map(gatewayResponseModel),
    throttling: throttlingOf(ofApi(TYPES.methodSettings).filter((m) => text(m.inputs.stageName) === stageName)),
  };
}

function chooseRestApi(run: ProgramRun, apiName: string | undefined): RegisteredResource {
  const apis = run.ofType(TYPES.restApi);
  const names = restApiNames(run).map((name) => `"${name}"`).join(", ");
  if (apiName !== undefined) {
    const named = apis.find((api) => api.name === apiName);
    if (named === undefined) throw new Error(`the program declares no REST API named "${apiName}"; it declares ${names || "none"}`);
    return named;
  }
  if (apis.length === 0) throw new Error("the program declares no REST API (aws.apigateway.RestApi)");
  if (apis.length > 1) throw new Error(`the program declares ${apis.length} REST APIs (${names}); choose one with --api <name>`);
  return apis[0];
}

/** What a method's model is built from, beside the method itself. */
interface MethodDeclarations {
  readonly integrations: readonly RegisteredResource[];
  readonly integrationResponses: readonly RegisteredResource[];
  readonly methodResponses: readonly RegisteredResource[];
  readonly validators: readonly RegisteredResource[];
  readonly schemas: readonly SchemaModel[];
  readonly functions: readonly DeclaredFunction[];
  readonly authorizers: readonly DeclaredAuthorizer[];
}

function methodModel(method: RegisteredResource, paths: ReadonlyMap<string, string>, declared: MethodDeclarations): DeclaredMethod {
  const { resourceId, httpMethod } = { resourceId: text(method.inputs.resourceId), httpMethod: text(method.inputs.httpMethod) };
  const sameMethod = (r: RegisteredResource) => text(r.inputs.resourceId) === resourceId && text(r.inputs.httpMethod) === httpMethod;
  const resourcePath = paths.get(resourceId) ?? "/";
  const where = `${httpMethod} ${resourcePath}`;
  const integration = declared.integrations.find(sameMethod);
  const responses = declared.integrationResponses.filter(sameMethod).map((r) => integrationResponseModel(r, where));
  return {
    httpMethod,
    resourcePath,
    resourceId,
    requestParameters: booleanMap(method.inputs.requestParameters),
    methodResponses: new Set(declared.methodResponses.filter(sameMethod).map((r) => text(r.inputs.statusCode))),
    integration: integration && integrationModel(integration, responses, declared.functions, where),
    authorizer: methodAuthorizer(method, declared.authorizers, where),
    uncheckedAuthorization: uncheckedAuthorizationOf(method),
    validation: validationModel(method, declared, where),
  };
}

function uncheckedAuthorizationOf(method: RegisteredResource): DeclaredMethod["uncheckedAuthorization"] {
  const authorization = text(method.inputs.authorization);
  return authorization === "AWS_IAM" || authorization === "COGNITO_USER_POOLS" ? authorization : undefined;
}

/** The method's request validator and body models. @throws when it names a validator or model the API does not declare. */
function validationModel(method: RegisteredResource, declared: MethodDeclarations, where: string): DeclaredValidation | undefined {
  const validatorId = text(method.inputs.requestValidatorId);
  if (validatorId === "") return undefined;
  const validator = declared.validators.find((v) => v.id === validatorId);
  if (validator === undefined) throw new Error(`${where} names request validator "${validatorId}", which the API does not declare`);
  const available = [...BUILT_IN_MODELS, ...declared.schemas];
  const bodySchemas = new Map(Object.entries(stringMap(method.inputs.requestModels)).map(([contentType, name]) => {
    const model = available.find((m) => m.name === name);
    if (model === undefined) throw new Error(`${where} validates ${contentType} bodies with model "${name}", which the API does not declare`);
    return [contentType.toLowerCase(), model] as const;
  }));
  return {
    validateRequestParameters: validator.inputs.validateRequestParameters === true,
    validateRequestBody: validator.inputs.validateRequestBody === true,
    bodySchemas,
    apiModels: available,
  };
}

/** The models every REST API has. */
const BUILT_IN_MODELS: readonly SchemaModel[] = [
  { name: "Empty", schema: { $schema: "http://json-schema.org/draft-04/schema#", title: "Empty Schema", type: "object" } },
  {
    name: "Error",
    schema: { $schema: "http://json-schema.org/draft-04/schema#", title: "Error Schema", type: "object", properties: { message: { type: "string" } } },
  },
];

function schemaModel(model: RegisteredResource): SchemaModel {
  const name = text(model.inputs.name);
  try {
    return { name, schema: JSON.parse(text(model.inputs.schema) || "{}") };
  } catch (err) {
    throw new Error(`model "${name}": its schema is not JSON: ${(err as Error).message}`, { cause: err });
  }
}

function gatewayResponseModel(response: RegisteredResource): DeclaredGatewayResponse {
  const inputs = response.inputs;
  const status = text(inputs.statusCode);
  return {
    responseType: text(inputs.responseType),
    statusCode: status === "" ? undefined : Number(status),
    templates: new Map(Object.entries(stringMap(inputs.responseTemplates)).map(([type, template]) => [type.toLowerCase(), template])),
    parameters: Object.entries(stringMap(inputs.responseParameters)),
  };
}

/** Method settings' throttling by method path; the provider's `-1` means "not set". */
function throttlingOf(settings: readonly RegisteredResource[]): Map<string, ThrottleLimits> {
  const limits = new Map<string, ThrottleLimits>();
  for (const setting of settings) {
    const values = (setting.inputs.settings ?? {}) as PropertyMap;
    const rateLimit = Number(values.throttlingRateLimit ?? -1);
    const burstLimit = Number(values.throttlingBurstLimit ?? -1);
    if (rateLimit >= 0 && burstLimit >= 0) limits.set(text(setting.inputs.methodPath), { rateLimit, burstLimit });
  }
  return limits;
}

/** The authorizer of a CUSTOM method. @throws when the method names none the program declares. */
function methodAuthorizer(method: RegisteredResource, authorizers: readonly DeclaredAuthorizer[], where: string): DeclaredAuthorizer | undefined {
  if (text(method.inputs.authorization) !== "CUSTOM") return undefined;
  const id = text(method.inputs.authorizerId);
  const authorizer = authorizers.find((a) => a.id === id);
  if (authorizer === undefined) throw new Error(`${where} has authorization CUSTOM but names no declared authorizer (authorizerId "${id}")`);
  return authorizer;
}

function authorizerModel(authorizer: RegisteredResource, functions: readonly DeclaredFunction[]): DeclaredAuthorizer {
  const inputs = authorizer.inputs;
  const type = text(inputs.type) || AUTHORIZER_DEFAULTS.type;
  const name = text(authorizer.outputs.name) || authorizer.name;
  if (type !== "TOKEN" && type !== "REQUEST") throw new Error(`authorizer ${name}: type ${type} is not emulated (TOKEN and REQUEST are)`);
  const uri = text(inputs.authorizerUri);
  const expression = text(inputs.identityValidationExpression);
  return {
    id: authorizer.id ?? "",
    name,
    type,
    identitySources: (text(inputs.identitySource) || AUTHORIZER_DEFAULTS.identitySource).split(",").map((s) => s.trim()).filter((s) => s !== ""),
    // A REQUEST authorizer ignores the expression. Whole-token match, as Java's Pattern.matches.
    validationExpression: type === "TOKEN" && expression !== "" ? new RegExp(`^(?:${expression})$`) : undefined,
    resultTtlSeconds: typeof inputs.authorizerResultTtlInSeconds === "number" ? inputs.authorizerResultTtlInSeconds : AUTHORIZER_DEFAULTS.ttlSeconds,
    uri,
    lambda: functionOfUri(uri, functions),
  };
}

/** The function a Lambda invoke URI (`…/functions/<arn>/invocations`) names. */
function functionOfUri(uri: string, functions: readonly DeclaredFunction[]): DeclaredFunction | undefined {
  return functions.find((f) => uri.includes(`/functions/${f.arn}/`));
}

function integrationModel(
  integration: RegisteredResource,
  responses: DeclaredIntegrationResponse[],
  functions: readonly DeclaredFunction[],
  where: string,
): DeclaredIntegration {
  const inputs = integration.inputs;
  const uri = text(inputs.uri);
  const type = text(inputs.type);
  const lambda = type === "AWS" || type === "AWS_PROXY" ? functionOfUri(uri, functions) : undefined;
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

/** @param where the method, e.g. `GET /pets`, to name in errors. */
function integrationResponseModel(response: RegisteredResource, where: string): DeclaredIntegrationResponse {
  const inputs = response.inputs;
  const pattern = text(inputs.selectionPattern);
  const statusCode = text(inputs.statusCode);
  return {
    statusCode,
    // API Gateway matches the whole value with a Java regex; JS syntax covers the patterns used here.
    selectionPattern: pattern === "" ? undefined : new RegExp(`^(?:${pattern})$`),
    responseTemplates: compileTemplates(inputs.responseTemplates, `${statusCode} response template of ${where}`),
    responseParameters: Object.entries(stringMap(inputs.responseParameters)),
  };
}

function functionModel(fn: RegisteredResource): DeclaredFunction {
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
