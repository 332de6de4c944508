import { createHash } from "node:crypto";
import type { RegisteredResource } from "./resource-monitor.ts";
import { isArchive, isAsset, isUnknown } from "./wire-values.ts";
import type { ArchiveValue, AssetValue, PropertyMap, PropertyValue } from "./wire-values.ts";

/** Inputs worth seeing per type; `@`-prefixed names are read from outputs (known after an update-like run). */
const KEY_INPUTS: Record<string, readonly string[]> = {
  "aws:apigateway/restApi:RestApi": ["@name", "endpointConfiguration"],
  "aws:apigateway/resource:Resource": ["pathPart", "@path"],
  "aws:apigateway/method:Method": ["httpMethod", "authorization", "requestParameters"],
  "aws:apigateway/integration:Integration": [
    "type", "httpMethod", "integrationHttpMethod", "uri", "passthroughBehavior", "timeoutMilliseconds",
    "requestParameters", "requestTemplates",
  ],
  "aws:apigateway/methodResponse:MethodResponse": ["statusCode"],
  "aws:apigateway/integrationResponse:IntegrationResponse": ["statusCode", "selectionPattern", "responseTemplates"],
  "aws:apigateway/deployment:Deployment": ["triggers"],
  "aws:apigateway/stage:Stage": ["stageName"],
  "aws:apigateway/methodSettings:MethodSettings": ["methodPath", "settings"],
  "aws:lambda/function:Function": ["@name", "runtime", "handler", "timeout", "memorySize", "code"],
  "aws:lambda/permission:Permission": ["sourceArn"],
  "aws:cloudwatch/logGroup:LogGroup": ["@name", "retentionInDays"],
};

/** Maps whose values are shown as a short content hash. */
const HASHED = new Set(["requestTemplates", "responseTemplates"]);
const MAX_VALUE = 110;

/**
 * Renders resources like `pulumi preview` of a new stack: a tree of type, name and plan, each resource followed
 * by its key inputs, then the stack outputs (`[secret]` for secrets, `[unknown]` for values a dry run lacks).
 */
export function renderPreviewTree(resources: readonly RegisteredResource[]): string {
  const rows = treeRows(resources);
  const typeWidth = Math.max(4, ...rows.map((r) => r.prefix.length + r.type.length));
  const nameWidth = Math.max(4, ...rows.map((r) => r.resource.name.length));
  const lines = [`     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  Plan`];
  for (const { prefix, type, childPrefix, resource } of rows) {
    lines.push(` +   ${(prefix + type).padEnd(typeWidth)}  ${resource.name.padEnd(nameWidth)}  create`);
    for (const line of keyInputLines(resource)) lines.push(`     ${childPrefix}    ${line}`);
  }
  return [...lines, "", ...outputLines(resources), `Resources:`, `    + ${resources.length} to create`, ""].join("\n");
}

/** `aws:apigateway/restApi:RestApi` → `aws:apigateway:RestApi`, as `pulumi` displays types. */
export function displayType(type: string): string {
  const [pkg, mod, name] = type.split(":");
  if (name === undefined || !mod.includes("/")) return type;
  const [first, last] = [mod.slice(0, mod.indexOf("/")), mod.slice(mod.lastIndexOf("/") + 1)];
  return last.toLowerCase() === name.toLowerCase() ? `${pkg}:${first}:${name}` : type;
}

/** Key inputs of one resource as display lines; a map shows one nested line per entry. */
export function keyInputLines(resource: RegisteredResource): string[] {
  const lines: string[] = [];
  for (const spec of KEY_INPUTS[resource.type] ?? []) {
    const fromOutputs = spec.startsWith("@");
    const key = fromOutputs ? spec.slice(1) : spec;
    const value = (fromOutputs ? resource.outputs : resource.inputs)[key];
    if (value === undefined) continue;
    if (!isPlainMap(value)) lines.push(`${key}: ${formatValue(value)}`);
    else if (Object.keys(value).length === 0) lines.push(`${key}: {}`);
    else lines.push(`${key}:`, ...Object.entries(value).map(([k, v]) => `    ${k}: ${formatEntry(key, v)}`));
  }
  return lines;
}

interface TreeRow {
  prefix: string;
  childPrefix: string;
  type: string;
  resource: RegisteredResource;
}

function treeRows(resources: readonly RegisteredResource[]): TreeRow[] {
  const known = new Set(resources.map((r) => r.urn));
  const roots = resources.filter((r) => r.parent === undefined || !known.has(r.parent));
  const rows: TreeRow[] = [];
  const visit = (resource: RegisteredResource, prefix: string, childPrefix: string): void => {
    rows.push({ prefix, childPrefix, type: displayType(resource.type), resource });
    const children = resources.filter((r) => r.parent === resource.urn);
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      visit(child, `${childPrefix}${last ? "└─ " : "├─ "}`, `${childPrefix}${last ? "   " : "│  "}`);
    });
  };
  for (const root of roots) visit(root, "", "");
  return rows;
}

function outputLines(resources: readonly RegisteredResource[]): string[] {
  const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  const entries = Object.entries(stack?.outputs ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (stack === undefined || entries.length === 0) return [];
  const width = Math.max(...entries.map(([k]) => k.length));
  const line = ([key, value]: [string, PropertyValue]): string =>
    `    ${`${key}:`.padEnd(width + 1)} ${stack.secretOutputs.includes(key) ? "[secret]" : formatValue(value)}`;
  return ["Outputs:", ...entries.map(line), ""];
}

function isPlainMap(value: PropertyValue): value is PropertyMap {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !("kind" in value);
}

/** Templates are long and only their identity matters here: a short content hash and the length. */
function formatEntry(key: string, value: PropertyValue): string {
  if (!HASHED.has(key) || typeof value !== "string") return formatValue(value);
  return `sha256:${createHash("sha256").update(value).digest("hex").slice(0, 8)} (${value.length} chars)`;
}

function formatValue(value: PropertyValue): string {
  if (isUnknown(value)) return "[unknown]";
  if (isArchive(value) || isAsset(value)) return describeAsset(value);
  if (typeof value === "string") return JSON.stringify(value);
  const text = JSON.stringify(value, (_k, v: unknown) => (isUnknown(v) ? "[unknown]" : v));
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function describeAsset(value: AssetValue | ArchiveValue): string {
  switch (value.kind) {
    case "FileAsset":
    case "FileArchive":
      return `${value.kind}(${JSON.stringify(value.path)})`;
    case "RemoteAsset":
    case "RemoteArchive":
      return `${value.kind}(${JSON.stringify(value.uri)})`;
    case "StringAsset":
      return `StringAsset(${value.text.length} chars)`;
    case "AssetArchive":
      return `AssetArchive(${Object.keys(value.assets).join(", ")})`;
  }
}
