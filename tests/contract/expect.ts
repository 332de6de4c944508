/** Assertions whose messages read "<what>: expected X; got Y", as node:assert errors (mocha shows a diff). */
import { AssertionError } from "node:assert";
import { isDeepStrictEqual } from "node:util";

const MAX_SHOWN = 400;

/** A value as JSON for a message, cut at a few hundred characters. */
export function show(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** Throws "<what>: expected <expected>; got <actual as JSON>". */
export function fail(what: string, expected: string, actual: unknown): never {
  throw new AssertionError({ message: `${what}: expected ${expected}; got ${show(actual)}`, actual, expected });
}

/**
 * Deep, strict equality.
 * @param context shown after the message when it fails, e.g. the response body behind a wrong status.
 */
export function expectEqual(what: string, actual: unknown, expected: unknown, context?: string): void {
  if (isDeepStrictEqual(actual, expected)) return;
  const suffix = context === undefined ? "" : ` (body: ${show(context)})`;
  throw new AssertionError({
    message: `${what}: expected ${show(expected)}; got ${show(actual)}${suffix}`,
    actual,
    expected,
    operator: "deepStrictEqual",
  });
}

/** The parsed JSON text; fails naming `what` when it is not JSON. */
export function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(what, "JSON", text);
  }
}

/** The value as an object; fails naming `what` otherwise. */
export function asRecord(what: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(what, "a JSON object", value);
  return value as Record<string, unknown>;
}
