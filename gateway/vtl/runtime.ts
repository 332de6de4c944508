/**
 * What generated template code calls, by these names: Java value semantics, loop scopes, macro calls.
 */
import { VtlLimitError, VtlRenderError } from "./errors.ts";
import { NO_ARGUMENTS } from "./java-methods.ts";
import { getIndexed, isTruthy, iterationItems, javaList, mapPut, renderValue, setMember } from "./java-values.ts";
import { BREAK_SIGNAL, captureOutput } from "./nodes.ts";
import type { Emit, Frame } from "./nodes.ts";
import { negate } from "./operators.ts";
import { DefinedBlock, ForeachScope } from "./scopes.ts";

/** Velocity's default `velocimacro.max.depth`. */
const MAX_MACRO_DEPTH = 20;
/** Larger ranges are refused rather than allocated; `#foreach` could not walk them anyway (1000 limit). */
const MAX_RANGE_LENGTH = 1_000_000;

/** `{"a": 1, …}`: a map literal, keys in order. */
function mapOf(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (let index = 0; index < keys.length; index++) mapPut(map, keys[index], values[index]);
  return map;
}

/** `[a..b]`, up or down; null unless both ends are integers. */
function rangeOf(first: unknown, last: unknown): unknown[] | undefined {
  if (typeof first !== "number" || typeof last !== "number" || !Number.isInteger(first) || !Number.isInteger(last)) return undefined;
  if (Math.abs(last - first) >= MAX_RANGE_LENGTH) throw new VtlLimitError(`range [${first}..${last}] is too large for the local gateway`);
  const step = first <= last ? 1 : -1;
  const values: number[] = [];
  for (let value = first; value !== last + step; value += step) values.push(value);
  return javaList(values);
}

/** Before a macro call's arguments are evaluated, as in Velocity: refuses calls nested too deep. */
function checkMacroDepth(frame: Frame, where: string): void {
  if (frame.depth >= MAX_MACRO_DEPTH) throw new VtlRenderError(`${where}: macros nested deeper than ${MAX_MACRO_DEPTH}`);
}

/** `#name(args)`: arguments are bound by value to the macro's parameters, which are restored afterwards. */
function callMacro(frame: Frame, body: Emit, slots: readonly number[], values: readonly unknown[]): void {
  const saved = slots.map((slot) => frame.vars[slot]);
  slots.forEach((slot, index) => (frame.vars[slot] = values[index]));
  frame.depth++;
  try {
    body(frame);
  } catch (error) {
    if (error !== BREAK_SIGNAL) throw error;
  } finally {
    frame.depth--;
    slots.forEach((slot, index) => (frame.vars[slot] = saved[index]));
  }
}

/** The names generated code uses. */
export const RUNTIME: Readonly<Record<string, unknown>> = Object.freeze({
  BREAK_SIGNAL,
  NO_ARGUMENTS,
  DefinedBlock,
  ForeachScope,
  VtlLimitError,
  callMacro,
  checkMacroDepth,
  captureOutput,
  getIndexed,
  isTruthy,
  iterationItems,
  javaList,
  mapOf,
  negate,
  rangeOf,
  renderValue,
  setMember,
});
