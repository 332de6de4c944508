import { readFile } from "node:fs/promises";
import { join } from "node:path";
import yaml from "js-yaml";

/** How `Pulumi.yaml` `runtime:` asks for the Node.js program to be started. */
export interface RuntimeOptions {
  /** `runtime.options.typescript`; the language host loads ts-node unless it is `false`. @default true */
  typescript: boolean;
  /** `runtime.options.nodeargs`, split on spaces. @default [] */
  nodeargs: string[];
}

/** One entry of `Pulumi.yaml` `config:` (the shorthand `key: value` becomes `{ default: value }`). */
export interface ConfigDeclaration {
  type?: string;
  default?: unknown;
  /** Set for keys of other namespaces, e.g. `aws:region: { value: us-east-1 }`. */
  value?: unknown;
}

/** The parts of `Pulumi.yaml` that decide how a program runs. */
export interface ProjectFile {
  name: string;
  /** `main:`, the program path handed to the run script. @default "." */
  main: string;
  runtime: RuntimeOptions;
  /** Declarations keyed by full config key (`<project>:stageName`, `aws:region`). */
  config: Record<string, ConfigDeclaration>;
}

/** Project, stack and the `PULUMI_CONFIG` map built from them. */
export interface LoadedProject {
  project: ProjectFile;
  /** Values as the CLI hands them to the program: strings, other YAML values JSON-encoded. */
  config: Record<string, string>;
}

const DECLARATION_KEYS = new Set(["type", "default", "value", "description", "secret", "items"]);

/** Parses the text of a `Pulumi.yaml`. */
export function parseProjectFile(text: string): ProjectFile {
  const doc = asRecord(yaml.load(text), "Pulumi.yaml");
  if (typeof doc.name !== "string" || doc.name === "") {
    throw new Error(`Pulumi.yaml: "name" must be a non-empty string, got ${JSON.stringify(doc.name)}`);
  }
  const runtime = typeof doc.runtime === "object" && doc.runtime !== null ? asRecord(doc.runtime, "runtime") : {};
  const options = runtime.options === undefined ? {} : asRecord(runtime.options, "runtime.options");
  const nodeargs = typeof options.nodeargs === "string" ? options.nodeargs.split(" ").filter((a) => a !== "") : [];
  return {
    name: doc.name,
    main: typeof doc.main === "string" ? doc.main : ".",
    runtime: { typescript: options.typescript !== false, nodeargs },
    config: parseDeclarations(doc.name, doc.config === undefined || doc.config === null ? {} : asRecord(doc.config, "config")),
  };
}

/** Parses the text of a `Pulumi.<stack>.yaml` into its `config:` values, keyed as written. */
export function parseStackFile(text: string): Record<string, unknown> {
  const doc = yaml.load(text);
  if (doc === undefined || doc === null) return {};
  const config = asRecord(doc, "stack file").config;
  return config === undefined || config === null ? {} : asRecord(config, "config");
}

/**
 * Builds the config the CLI passes in `PULUMI_CONFIG`: project defaults, overlaid with the stack file, overlaid
 * with `overrides` (`undefined` removes a key). Values are checked against the declared `type`.
 * @throws one error listing every invalid, missing or `secure:` key.
 */
export function buildConfig(
  project: ProjectFile,
  stack: string,
  stackConfig: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, string> {
  const values = new Map<string, unknown>();
  for (const [key, decl] of Object.entries(project.config)) {
    const value = decl.value ?? decl.default;
    if (value !== undefined) values.set(key, value);
  }
  const layers = [stackConfig, overrides];
  for (const layer of layers) {
    for (const [raw, value] of Object.entries(layer)) {
      const key = fullKey(project.name, raw);
      if (value === undefined) values.delete(key);
      else values.set(key, value);
    }
  }
  const issues = [...validate(project, stack, values)];
  if (issues.length > 0) {
    throw new Error(`stack "${stack}" config is invalid:\n${issues.map((i) => `- ${i}`).join("\n")}`);
  }
  return Object.fromEntries([...values].map(([key, value]) => [key, encodeConfigValue(value)]));
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` from `projectDir` and builds the config.
 * @throws when either file is missing (offline, the stack file is the only sign a stack exists).
 */
export async function loadProject(
  projectDir: string,
  stack: string,
  overrides?: Record<string, unknown>,
): Promise<LoadedProject> {
  const project = parsing("Pulumi.yaml", parseProjectFile, await readRequired(join(projectDir, "Pulumi.yaml"), "no Pulumi project"));
  const stackFile = `Pulumi.${stack}.yaml`;
  const stackConfig = parsing(stackFile, parseStackFile, await readRequired(join(projectDir, stackFile), `no stack named "${stack}"`));
  return { project, config: buildConfig(project, stack, stackConfig, overrides) };
}

/** Parses `text` with `parse`, naming `file` in a YAML syntax error (which gives only a line and column). */
function parsing<T>(file: string, parse: (text: string) => T, text: string): T {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof yaml.YAMLException) throw new Error(`${file}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** Encodes one config value the way the CLI does: strings as-is, anything else as JSON. */
export function encodeConfigValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Normalises `ns:config:key` and bare keys (project namespace) to `ns:key`. */
export function fullKey(project: string, key: string): string {
  const parts = key.split(":");
  if (parts.length === 1) return `${project}:${key}`;
  if (parts.length === 3 && parts[1] === "config") return `${parts[0]}:${parts[2]}`;
  return key;
}

function parseDeclarations(project: string, config: Record<string, unknown>): Record<string, ConfigDeclaration> {
  const declarations: Record<string, ConfigDeclaration> = {};
  for (const [raw, entry] of Object.entries(config)) {
    declarations[fullKey(project, raw)] = isDeclaration(entry) ? entry : { default: entry };
  }
  return declarations;
}

function isDeclaration(entry: unknown): entry is ConfigDeclaration {
  return typeof entry === "object" && entry !== null && !Array.isArray(entry) &&
    Object.keys(entry).every((k) => DECLARATION_KEYS.has(k));
}

function* validate(project: ProjectFile, stack: string, values: Map<string, unknown>): Generator<string> {
  for (const [key, value] of values) {
    if (isSecure(value)) {
      yield `"${key}" is a secret ("secure:") in Pulumi.${stack}.yaml and cannot be decrypted offline; ` +
        "pass a plain value as a config override";
      continue;
    }
    const type = project.config[key]?.type;
    if (type !== undefined && !hasType(value, type)) {
      yield `"${key}" must be of type ${type}, got ${JSON.stringify(value)}`;
    }
  }
  for (const key of Object.keys(project.config)) {
    if (!values.has(key)) yield `"${key}" is required: no default in Pulumi.yaml and no value in Pulumi.${stack}.yaml`;
  }
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && "secure" in value;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value));
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "array":
      return Array.isArray(value);
    default:
      return true;
  }
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be a mapping, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

async function readRequired(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${what}: ${file} does not exist`, { cause: err });
    throw err;
  }
}
