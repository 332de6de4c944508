/**
 * Compiles VTL expressions (references, literals, operators) and `#set` into closures, resolving
 * variables to slots and method names to per-type implementations once, at compile time.
 */
import { JavaException, VtlLimitError, VtlParseError, VtlRenderError } from "./errors.ts";
import { resolveMethod, resolveProperty } from "./java-methods.ts";
import { getIndexed, isNull, javaList, mapPut, setMember } from "./java-values.ts";
import { captureOutput } from "./nodes.ts";
import type { CompilerState, Evaluate, ExpressionNode, Frame, LiteralNode, PathNode, Position, RangeEnd, ReferenceNode, SetNode, Emit } from "./nodes.ts";
import { compileOperator } from "./operators.ts";

type Step = (target: unknown, frame: Frame) => unknown;

const NO_ARGUMENTS: readonly unknown[] = Object.freeze([]);
/** Larger ranges are refused rather than allocated; `#foreach` could not walk them anyway (1000 limit). */
const MAX_RANGE_LENGTH = 1_000_000;

/** Compiles any expression node. */
export function compileExpression(node: ExpressionNode, state: CompilerState): Evaluate {
  switch (node.type) {
    case "references":
      return compileReference(node, state);
    case "math":
      return compileMath(node.operator, node.expression, state);
    default:
      return compileLiteral(node, state);
  }
}

/** `$a.b.c(...)[i]`: null anywhere along the path yields null (rendered `""`). */
export function compileReference(node: ReferenceNode, state: CompilerState): Evaluate {
  if (node.args !== undefined) return () => undefined;
  const slot = state.slotOf(node.id);
  const steps = (node.path ?? []).map((path) => compileStep(path, node.pos, state));
  if (steps.length === 0) return (frame) => frame.vars[slot];
  if (steps.length === 1) {
    const [step] = steps;
    return (frame) => {
      const root = frame.vars[slot];
      return root === undefined || root === null ? undefined : step(root, frame);
    };
  }
  return (frame) => {
    let value = frame.vars[slot];
    for (let index = 0; index < steps.length; index++) {
      if (value === undefined || value === null) return undefined;
      value = steps[index](value, frame);
    }
    return value;
  };
}

/**
 * `#set($a = v)` or `#set($a.b[i] = v)`. As in Velocity 1.7, a null right-hand side leaves the
 * target unchanged.
 */
export function compileSet(node: SetNode, state: CompilerState): Emit {
  const [target, valueNode] = node.equal;
  const value = compileExpression(valueNode, state);
  const path = target.path ?? [];
  if (path.length === 0) {
    const slot = state.slotOf(target.id);
    return (frame) => {
      const assigned = value(frame);
      if (assigned !== undefined && assigned !== null) frame.vars[slot] = assigned;
    };
  }
  const container = compileReference({ ...target, path: path.slice(0, -1) }, state);
  const key = compileSetKey(path[path.length - 1], node.pos, state);
  const where = state.describe(node.pos);
  return (frame) => {
    const assigned = value(frame);
    if (isNull(assigned)) return;
    try {
      setMember(container(frame), key(frame), assigned);
    } catch (error) {
      throw javaFailure(error, where);
    }
  };
}

function compileSetKey(last: PathNode, pos: Position | undefined, state: CompilerState): Evaluate {
  if (last.type === "property") return () => last.id;
  if (last.type === "index") return compileExpression(last.id, state);
  throw new VtlParseError(`#set cannot assign to a method call: ${state.textAt(pos)}`, locationOf(pos));
}

function compileStep(path: PathNode, pos: Position | undefined, state: CompilerState): Step {
  if (path.type === "property") {
    const get = resolveProperty(path.id);
    return (target) => get(target);
  }
  if (path.type === "index") {
    const key = compileExpression(path.id, state);
    return (target, frame) => getIndexed(target, key(frame));
  }
  const call = resolveMethod(path.id);
  const args = compileArguments(path.args || [], state);
  const where = state.describe(pos);
  return (target, frame) => {
    try {
      return call(target, args(frame));
    } catch (error) {
      throw javaFailure(error, where);
    }
  };
}

function compileArguments(nodes: readonly ExpressionNode[], state: CompilerState): (frame: Frame) => readonly unknown[] {
  const args = nodes.map((node) => compileExpression(node, state));
  if (args.length === 0) return () => NO_ARGUMENTS;
  if (args.length === 1) {
    const [first] = args;
    return (frame) => [first(frame)];
  }
  return (frame) => args.map((arg) => arg(frame));
}

/** Turns a Java exception from a called method into a render error that names the call site. */
function javaFailure(error: unknown, where: string): unknown {
  if (!(error instanceof JavaException)) return error;
  return new VtlRenderError(`${where} threw ${error.message}`);
}

function compileMath(operator: string, operands: readonly ExpressionNode[], state: CompilerState): Evaluate {
  const compiled = compileOperator(operator, operands.map((operand) => compileExpression(operand, state)));
  if (compiled === undefined) throw new VtlParseError(`unsupported operator "${operator}"`, undefined);
  return compiled;
}

function compileLiteral(node: LiteralNode, state: CompilerState): Evaluate {
  switch (node.type) {
    case "string":
      return compileString(node.value, node.isEval === true, state);
    case "integer":
    case "decimal": {
      const number = Number(node.value);
      return () => number;
    }
    case "bool": {
      const constant = node.value === "true" ? true : node.value === "false" ? false : undefined;
      return () => constant;
    }
    case "array":
      return node.isRange ? compileRange(node.value, state) : compileList(node.value as readonly ExpressionNode[], state);
    case "map":
      return compileMap(node.value ?? {}, state);
  }
}

function compileString(value: string, interpolated: boolean, state: CompilerState): Evaluate {
  if (!interpolated || (!value.includes("$") && !value.includes("#"))) return () => value;
  const emit = state.compileInterpolation(value);
  return (frame) => captureOutput(frame, emit);
}

function compileList(items: readonly ExpressionNode[], state: CompilerState): Evaluate {
  const elements = items.map((item) => compileExpression(item, state));
  return (frame) => javaList(elements.map((element) => element(frame)));
}

function compileRange(ends: readonly RangeEnd[], state: CompilerState): Evaluate {
  const [from, to] = ends.map((end) => (typeof end === "object" ? compileExpression(end, state) : () => Number(end)));
  return (frame) => {
    const first = from(frame);
    const last = to(frame);
    if (typeof first !== "number" || typeof last !== "number" || !Number.isInteger(first) || !Number.isInteger(last)) return undefined;
    if (Math.abs(last - first) >= MAX_RANGE_LENGTH) throw new VtlLimitError(`range [${first}..${last}] is too large for the local gateway`);
    const step = first <= last ? 1 : -1;
    const values: number[] = [];
    for (let value = first; value !== last + step; value += step) values.push(value);
    return javaList(values);
  };
}

function compileMap(entries: Readonly<Record<string, ExpressionNode>>, state: CompilerState): Evaluate {
  const compiled = Object.keys(entries).map((key) => [key, compileExpression(entries[key], state)] as const);
  return (frame) => {
    const map: Record<string, unknown> = {};
    for (const [key, value] of compiled) mapPut(map, key, value(frame));
    return map;
  };
}

/** Line and 1-based column of a velocityjs position. */
export function locationOf(pos: Position | undefined): { line: number; column: number } | undefined {
  return pos === undefined ? undefined : { line: pos.first_line, column: pos.first_column + 1 };
}
