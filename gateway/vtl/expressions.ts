/**
 * Generates the JavaScript of VTL expressions (references, literals, operators) and `#set`, resolving
 * variables to slots and method names to per-name dispatchers once, at compile time.
 */
import { VtlParseError } from "./errors.ts";
import { resolveMethod, resolveProperty } from "./java-methods.ts";
import type { CompilerState, ExpressionNode, LiteralNode, PathNode, Position, RangeEnd, ReferenceNode, SetNode } from "./nodes.ts";
import { binaryOperator } from "./operators.ts";

/** Generates any expression node. */
export function expression(node: ExpressionNode, state: CompilerState): string {
  switch (node.type) {
    case "references":
      return reference(node, state);
    case "math":
      return math(node.operator, node.expression, state);
    default:
      return literal(node, state);
  }
}

/** `$a.b.c(...)[i]`: null anywhere along the path yields null (rendered `""`). */
export function reference(node: ReferenceNode, state: CompilerState): string {
  if (node.args !== undefined) return "undefined";
  const root = state.variable(node.id);
  const path = node.path ?? [];
  if (path.length === 0) return root;
  // `(t = root) != null && (t = step(t)) != null && … ? last(t) : undefined`: one temporary per reference,
  // and a flat chain however long the path (nested parentheses per step would exhaust V8's parser).
  const value = state.script.temp();
  const guards = [`(${value} = ${root}) != null`];
  for (const step of path.slice(0, -1)) guards.push(`(${value} = ${applyStep(step, value, node.pos, state)}) != null`);
  return `(${guards.join(" && ")} ? ${applyStep(path[path.length - 1], value, node.pos, state)} : undefined)`;
}

/**
 * `#set($a = v)` or `#set($a.b[i] = v)`. As in Velocity 1.7, a null right-hand side leaves the
 * target unchanged.
 */
export function setStatement(node: SetNode, state: CompilerState): string {
  const [target, valueNode] = node.equal;
  const value = state.script.temp();
  const assigned = `(${value} = ${expression(valueNode, state)}) != null`;
  const path = target.path ?? [];
  if (path.length === 0) return `if (${assigned}) ${state.variable(target.id)} = ${value};\n`;
  const container = reference({ ...target, path: path.slice(0, -1) }, state);
  const key = setKey(path[path.length - 1], node.pos, state);
  return `if (${assigned}) setMember(${container}, ${key}, ${value}, ${state.script.site(state.describe(node.pos))});\n`;
}

function setKey(last: PathNode, pos: Position | undefined, state: CompilerState): string {
  if (last.type === "property") return JSON.stringify(last.id);
  if (last.type === "index") return expression(last.id, state);
  throw new VtlParseError(`#set cannot assign to a method call: ${state.textAt(pos)}`, locationOf(pos));
}

function applyStep(step: PathNode, target: string, pos: Position | undefined, state: CompilerState): string {
  const { script } = state;
  if (step.type === "property") return `${script.constant(resolveProperty(step.id))}(${target})`;
  if (step.type === "index") return `getIndexed(${target}, ${expression(step.id, state)})`;
  const args = step.args || [];
  const list = args.length === 0 ? "NO_ARGUMENTS" : `[${args.map((arg) => expression(arg, state)).join(", ")}]`;
  return `${script.constant(resolveMethod(step.id))}(${target}, ${list}, ${script.site(state.describe(pos))})`;
}

function math(operator: string, operands: readonly ExpressionNode[], state: CompilerState): string {
  const [first, second] = operands.map((operand) => expression(operand, state));
  switch (operator) {
    case "&&":
      return `(isTruthy(${first}) && isTruthy(${second}))`;
    case "||":
      return `(isTruthy(${first}) || isTruthy(${second}))`;
    case "not":
      return `!isTruthy(${first})`;
    case "minus":
      return `negate(${first})`;
    case "parenthesis":
      return `(${first})`;
  }
  const apply = binaryOperator(operator);
  if (apply === undefined) throw new VtlParseError(`unsupported operator "${operator}"`, undefined);
  return `${state.script.constant(apply)}(${first}, ${second})`;
}

function literal(node: LiteralNode, state: CompilerState): string {
  switch (node.type) {
    case "string":
      return string(node.value, node.isEval === true, state);
    case "integer":
    case "decimal":
      return state.script.constant(Number(node.value));
    case "bool":
      return node.value === "null" ? "undefined" : node.value;
    case "array":
      return node.isRange ? range(node.value, state) : `javaList([${node.value.map((item) => expression(item as ExpressionNode, state)).join(", ")}])`;
    case "map": {
      const entries = node.value ?? {};
      const keys = Object.keys(entries);
      return `mapOf(${state.script.constant(keys)}, [${keys.map((key) => expression(entries[key], state)).join(", ")}])`;
    }
  }
}

function string(value: string, interpolated: boolean, state: CompilerState): string {
  if (!interpolated || (!value.includes("$") && !value.includes("#"))) return JSON.stringify(value);
  return `captureOutput(F, ${state.compileInterpolation(value)})`;
}

function range(ends: readonly RangeEnd[], state: CompilerState): string {
  const [from, to] = ends.map((end) => (typeof end === "object" ? expression(end, state) : state.script.constant(Number(end))));
  return `rangeOf(${from}, ${to})`;
}

/** Line and 1-based column of a velocityjs position. */
export function locationOf(pos: Position | undefined): { line: number; column: number } | undefined {
  return pos === undefined ? undefined : { line: pos.first_line, column: pos.first_column + 1 };
}
