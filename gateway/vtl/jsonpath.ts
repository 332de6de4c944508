/**
 * The JSONPath subset `$input.json()` / `$input.path()` evaluate, with Jayway JsonPath's result rules:
 * a definite path yields one value (or nothing), an indefinite one (wildcard, deep scan, slice, union)
 * yields a list of every match.
 *
 * Supported: `$`, `.name`, `['name']`, `["name"]`, `['a','b']`, `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `.*`, `[*]`,
 * `..name`, `..*`, and paths without the leading `$` (Jayway reads `a.b` as `$.a.b`). Filters are rejected.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
import { JavaException } from "./errors.ts";

type Segment =
  | { readonly kind: "names"; readonly names: readonly string[] }
  | { readonly kind: "indexes"; readonly indexes: readonly number[] }
  | { readonly kind: "slice"; readonly start: number | undefined; readonly end: number | undefined }
  | { readonly kind: "wildcard" }
  | { readonly kind: "deep"; readonly inner: Segment };

/** A parsed JSONPath. */
export interface CompiledJsonPath {
  readonly segments: readonly Segment[];
  /** True when the path names at most one value. */
  readonly definite: boolean;
}

/** Marks "no value at this path", as opposed to a JSON `null` found there. */
export const MISSING: unique symbol = Symbol("missing");

const cache = new Map<string, CompiledJsonPath>();

/** Parses `path` once (cached) into segments. */
export function compileJsonPath(path: string): CompiledJsonPath {
  let compiled = cache.get(path);
  if (compiled === undefined) {
    compiled = new PathParser(path).parse();
    if (cache.size >= 256) cache.clear();
    cache.set(path, compiled);
  }
  return compiled;
}

/** Evaluates `path` against parsed JSON: the value (or {@link MISSING}) for a definite path, else a list of matches. */
export function evaluateJsonPath(root: unknown, path: CompiledJsonPath): unknown {
  let nodes: unknown[] = [root];
  for (const segment of path.segments) {
    const next: unknown[] = [];
    for (const node of nodes) collect(node, segment, next);
    nodes = next;
  }
  if (!path.definite) return nodes;
  return nodes.length === 0 ? MISSING : nodes[0];
}

function collect(node: unknown, segment: Segment, into: unknown[]): void {
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  switch (segment.kind) {
    case "names":
      if (Array.isArray(node)) return;
      for (const name of segment.names) if (Object.hasOwn(record, name)) into.push(record[name]);
      return;
    case "indexes":
      if (!Array.isArray(node)) return;
      for (const index of segment.indexes) {
        const at = index < 0 ? node.length + index : index;
        if (at >= 0 && at < node.length) into.push(node[at]);
      }
      return;
    case "slice":
      if (Array.isArray(node)) into.push(...node.slice(segment.start, segment.end));
      return;
    case "wildcard":
      into.push(...(Array.isArray(node) ? node : Object.values(record)));
      return;
    case "deep":
      collect(node, segment.inner, into);
      for (const child of Array.isArray(node) ? node : Object.values(record)) collect(child, segment, into);
  }
}

class PathParser {
  private index = 0;
  private readonly segments: Segment[] = [];

  constructor(private readonly path: string) {}

  parse(): CompiledJsonPath {
    const trimmed = this.path.trim();
    if (trimmed.startsWith("$")) {
      this.index = 1;
      this.readSegments(trimmed);
    } else if (trimmed !== "") {
      this.readSegments(trimmed.startsWith("[") ? trimmed : `.${trimmed}`);
    }
    const definite = this.segments.every((segment) => isDefinite(segment));
    return { segments: this.segments, definite };
  }

  private readSegments(text: string): void {
    while (this.index < text.length) {
      if (text.startsWith("..", this.index)) {
        this.index += 2;
        const inner = text[this.index] === "[" ? this.bracket(text) : this.dotName(text);
        this.segments.push({ kind: "deep", inner });
      } else if (text[this.index] === ".") {
        this.index += 1;
        this.segments.push(this.dotName(text));
      } else if (text[this.index] === "[") {
        this.segments.push(this.bracket(text));
      } else {
        this.fail(`unexpected character '${text[this.index]}'`);
      }
    }
  }

  private dotName(text: string): Segment {
    const match = /^[^.[\]]+/.exec(text.slice(this.index));
    if (!match) this.fail("a property name must follow '.'");
    this.index += match[0].length;
    const name = match[0].trim();
    return name === "*" ? { kind: "wildcard" } : { kind: "names", names: [name] };
  }

  private bracket(text: string): Segment {
    const end = findClosingBracket(text, this.index);
    if (end < 0) this.fail("unclosed '['");
    const inside = text.slice(this.index + 1, end).trim();
    this.index = end + 1;
    if (inside === "*") return { kind: "wildcard" };
    if (/^(['"]).*\1$/s.test(inside)) return { kind: "names", names: splitQuoted(inside) };
    const slice = /^(-?\d*):(-?\d*)$/.exec(inside);
    if (slice) return { kind: "slice", start: optionalNumber(slice[1]), end: optionalNumber(slice[2]) };
    if (/^-?\d+(\s*,\s*-?\d+)*$/.test(inside)) return { kind: "indexes", indexes: inside.split(",").map(Number) };
    return this.fail(`unsupported expression [${inside}]`);
  }

  private fail(reason: string): never {
    throw new JavaException("InvalidPathException", `${reason} in JSONPath ${this.path}`);
  }
}

function isDefinite(segment: Segment): boolean {
  if (segment.kind === "names") return segment.names.length === 1;
  if (segment.kind === "indexes") return segment.indexes.length === 1;
  return false;
}

function findClosingBracket(text: string, open: number): number {
  let quote = "";
  for (let index = open + 1; index < text.length; index++) {
    const char = text[index];
    if (quote !== "") {
      if (char === quote) quote = "";
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === "]") {
      return index;
    }
  }
  return -1;
}

function splitQuoted(inside: string): string[] {
  return [...inside.matchAll(/(['"])(.*?)\1/gs)].map((match) => match[2]);
}

function optionalNumber(text: string): number | undefined {
  return text === "" ? undefined : Number(text);
}
