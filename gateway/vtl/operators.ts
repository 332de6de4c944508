/**
 * Velocity operators with Java semantics: integer division for integers, `+` concatenates when either
 * side is a string, arithmetic on null or non-numbers is null, logical operators yield booleans.
 */
import { renderValue, vtlCompare, vtlEquals } from "./java-values.ts";

type Binary = (left: unknown, right: unknown) => unknown;

function arithmetic(perform: (left: number, right: number) => number): Binary {
  return (left, right) => (typeof left === "number" && typeof right === "number" ? perform(left, right) : undefined);
}

function integral(left: number, right: number): boolean {
  return Number.isInteger(left) && Number.isInteger(right);
}

function ordering(test: (difference: number) => boolean): Binary {
  return (left, right) => {
    const difference = vtlCompare(left, right);
    return difference !== undefined && test(difference);
  };
}

const binaryOperators: Readonly<Record<string, Binary>> = {
  "+": (left, right) => {
    if (typeof left === "string" || typeof right === "string") return renderValue(left) + renderValue(right);
    return typeof left === "number" && typeof right === "number" ? left + right : undefined;
  },
  "-": arithmetic((left, right) => left - right),
  "*": arithmetic((left, right) => left * right),
  // Java: int / int truncates; division by zero makes Velocity log and yield null.
  "/": (left, right) => {
    if (typeof left !== "number" || typeof right !== "number" || right === 0) return undefined;
    return integral(left, right) ? Math.trunc(left / right) : left / right;
  },
  "%": (left, right) => (typeof left === "number" && typeof right === "number" && right !== 0 ? left % right : undefined),
  "==": (left, right) => vtlEquals(left, right),
  "!=": (left, right) => !vtlEquals(left, right),
  ">": ordering((difference) => difference > 0),
  ">=": ordering((difference) => difference >= 0),
  "<": ordering((difference) => difference < 0),
  "<=": ordering((difference) => difference <= 0),
};

/** The binary operator `operator` (`+`, `==`, `<=`…); `undefined` when there is no such operator. */
export function binaryOperator(operator: string): Binary | undefined {
  return Object.hasOwn(binaryOperators, operator) ? binaryOperators[operator] : undefined;
}

/** Unary minus: numbers only, anything else is null. */
export function negate(value: unknown): unknown {
  return typeof value === "number" ? -value : undefined;
}
