/**
 * `npm run render -- --template FILE [--request FILE]`: renders a mapping template against a method
 * request described in JSON and prints only the rendered text. Failures print one line on stderr and
 * exit with code 1.
 *
 * Request file (every field optional):
 * `{ "method", "path", "resourcePath", "pathParameters": {}, "query": {"name": ["v"]},
 *    "headers": {"Name": ["v"]}, "body": "raw string", "stageVariables": {}, "context": {…} }`.
 * `context` overrides `$context` values by their template names (`requestId`, `identity`, `authorizer`…).
 * @example npm run render -- --template templates/passthrough.vtl --request examples/requests/seed-request.json
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { compileTemplate, type CompiledTemplate } from "../vtl/compile.ts";
import { buildTemplateContext, type RequestFacts } from "../vtl/context.ts";
import { TemplateInput } from "../vtl/input.ts";
import type { MethodRequestData, TemplateContext } from "../vtl/types.ts";
import { templateUtil } from "../vtl/util.ts";

const USAGE = "usage: npm run render -- --template FILE [--request FILE]";
/** `$context` names consumed while building the context; any other key is copied verbatim. */
const FACT_KEYS = new Set(["requestId", "extendedRequestId", "apiId", "accountId", "domainName", "protocol", "resourceId", "stage", "requestTimeEpoch", "authorizer", "identity"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A problem to report as one line on stderr. */
class CliError extends Error {}

function main(argv: readonly string[]): void {
  const { values } = parseArgs({ args: [...argv], options: { template: { type: "string" }, request: { type: "string" } }, strict: true });
  if (values.template === undefined) throw new CliError(`missing --template; ${USAGE}`);
  const template = compileTemplateFile(values.template);
  const request = values.request === undefined ? {} : parseRequestFile(values.request);
  const result = template.render({
    input: new TemplateInput(methodRequestOf(request)),
    context: contextOf(request),
    stageVariables: stringRecord(request.stageVariables, "stageVariables"),
    util: templateUtil,
  });
  process.stdout.write(result.text);
}

function compileTemplateFile(file: string): CompiledTemplate {
  const source = readText(file, "--template");
  try {
    return compileTemplate(source);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
}

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : message;
    throw new CliError(`cannot read ${option} "${file}": ${reason}`);
  }
}

function parseRequestFile(file: string): Record<string, Json> {
  const text = readText(file, "--request");
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (error) {
    throw new CliError(`--request "${file}" is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new CliError(`--request "${file}" must hold a JSON object`);
  return parsed;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: Json | undefined, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new CliError(`request field "${field}" must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function stringRecord(value: Json | undefined, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new CliError(`request field "${field}" must be an object of strings`);
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) result[key] = optionalString(item, `${field}.${key}`) ?? "";
  return result;
}

function multiValueRecord(value: Json | undefined, field: string): Record<string, string[]> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new CliError(`request field "${field}" must be an object of string arrays`);
  const result: Record<string, string[]> = {};
  for (const [key, item] of Object.entries(value)) {
    const items = Array.isArray(item) ? item : [item];
    result[key] = items.map((entry, index) => optionalString(entry, `${field}.${key}[${index}]`) ?? "");
  }
  return result;
}

function requestPath(request: Record<string, Json>): { path: string; queryString: string } {
  const full = optionalString(request.path, "path") ?? `/${stageOf(request)}/`;
  const mark = full.indexOf("?");
  return mark < 0 ? { path: full, queryString: "" } : { path: full.slice(0, mark), queryString: full.slice(mark + 1) };
}

function stageOf(request: Record<string, Json>): string {
  const context = isObject(request.context) ? request.context : {};
  return optionalString(context.stage, "context.stage") ?? "dev";
}

function methodRequestOf(request: Record<string, Json>): MethodRequestData {
  const query = multiValueRecord(request.query, "query");
  for (const [name, value] of new URLSearchParams(requestPath(request).queryString)) (query[name] ??= []).push(value);
  const body = request.body;
  return {
    body: typeof body === "string" ? body : body === undefined || body === null ? "" : JSON.stringify(body),
    pathParameters: stringRecord(request.pathParameters, "pathParameters"),
    query,
    headers: multiValueRecord(request.headers, "headers"),
  };
}

function headerValue(request: Record<string, Json>, name: string): string | undefined {
  const headers = multiValueRecord(request.headers, "headers");
  const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
  return key === undefined ? undefined : headers[key].at(-1);
}

/** `/dev/a/b` → `/a/b`: the resource path is the request path without its stage prefix. */
function withoutStage(path: string, stage: string): string {
  if (path === `/${stage}`) return "/";
  return path.startsWith(`/${stage}/`) ? path.slice(stage.length + 1) : path;
}

function contextOf(request: Record<string, Json>): TemplateContext {
  const overrides = request.context ?? {};
  if (!isObject(overrides)) throw new CliError(`request field "context" must be an object`);
  const stage = stageOf(request);
  const { path } = requestPath(request);
  const apiId = optionalString(overrides.apiId, "context.apiId") ?? "abcdef1234";
  const identity = stringRecord(overrides.identity, "context.identity");
  const facts: RequestFacts = {
    requestId: optionalString(overrides.requestId, "context.requestId") ?? randomUUID(),
    extendedRequestId: optionalString(overrides.extendedRequestId, "context.extendedRequestId") ?? "LocalRenderId0=",
    httpMethod: (optionalString(request.method, "method") ?? "POST").toUpperCase(),
    resourcePath: optionalString(request.resourcePath, "resourcePath") ?? withoutStage(path, stage),
    path,
    stage,
    sourceIp: identity.sourceIp ?? "127.0.0.1",
    userAgent: identity.userAgent ?? headerValue(request, "user-agent"),
    requestTime: new Date(typeof overrides.requestTimeEpoch === "number" ? overrides.requestTimeEpoch : Date.now()),
    apiId,
    accountId: optionalString(overrides.accountId, "context.accountId") ?? "123456789012",
    domainName: optionalString(overrides.domainName, "context.domainName") ?? headerValue(request, "host") ?? `${apiId}.execute-api.us-east-1.amazonaws.com`,
    protocol: optionalString(overrides.protocol, "context.protocol"),
    resourceId: optionalString(overrides.resourceId, "context.resourceId") ?? "abc123",
    authorizer: isObject(overrides.authorizer) ? overrides.authorizer : undefined,
    identity,
  };
  const context = buildTemplateContext(facts);
  for (const [key, value] of Object.entries(overrides)) if (!FACT_KEYS.has(key)) context[key] = value;
  return context;
}

try {
  main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`render: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exitCode = 1;
}
