/**
 * How template values behave like the Java objects API Gateway's Velocity engine handles.
 *
 * Representation: Java null is `null` or `undefined`; String, Number and Boolean are JS primitives;
 * a Map is a plain object; a List is an array. Arrays the template layer creates (literals, `keySet()`,
 * `split()`) are marked as Java lists and render as `[a, b]`; unmarked arrays come from JSON
 * (`$input.path`, `$util.parseJson`) and render as compact JSON, as AWS does.
 */
import { JavaException, VtlRenderError } from "./errors.ts";

/** A Java object with methods, such as `$input`, `$util`, `$foreach` or a map entry. */
export abstract class VtlObject {
  /** `$obj.name(args)`; `undefined` when the object has no such method. */
  abstract callMethod(name: string, args: readonly unknown[]): unknown;

  /** `$obj.name` (a bean getter in Java); `undefined` when there is none. */
  getProperty(_name: string): unknown {
    return undefined;
  }

  /** Java `toString()`, used when the object is rendered. */
  abstract toString(): string;

  /** Serialised inside JSON lists as its Java string. */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * A map whose keys a template may assign only once: API Gateway's "overrides are final".
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
 */
export class FinalMap {
  [key: string]: unknown;
}

const JAVA_LIST = Symbol("java list");

/** Marks `items` as a Java list (rendered `[a, b]`) and returns it. */
export function javaList<T>(items: T[]): T[] {
  (items as T[] & { [JAVA_LIST]?: true })[JAVA_LIST] = true;
  return items;
}

function isJavaList(items: readonly unknown[]): boolean {
  return (items as readonly unknown[] & { [JAVA_LIST]?: true })[JAVA_LIST] === true;
}

/** A Java Map: any object that is neither a list nor a {@link VtlObject}. */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof VtlObject);
}

/** Java null. */
export function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** Own-key lookup, so that `get("constructor")` is null as in Java. */
export function mapGet(map: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** `map.put(key, value)` that also accepts the key `__proto__` as plain data. */
export function mapPut(map: Record<string, unknown>, key: string, value: unknown): unknown {
  const previous = mapGet(map, key);
  if (map instanceof FinalMap && previous !== undefined && typeof previous !== "object") {
    throw new VtlRenderError(
      `override "${key}" was already set; API Gateway applies each override once (overrides are final)`,
    );
  }
  if (key === "__proto__") Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
  return previous;
}

/** What a value renders as in template output: Java null renders `""` on API Gateway. */
export function renderValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return toJavaString(value);
}

/** Java `String.valueOf(value)`: null is `"null"`, maps are `{k=v}`, Java lists `[a, b]`, JSON lists JSON. */
export function toJavaString(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return objectToString(value);
    default:
      return "null";
  }
}

function objectToString(value: object | null): string {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    return isJavaList(value) ? `[${value.map(toJavaString).join(", ")}]` : JSON.stringify(value);
  }
  if (value instanceof VtlObject) return value.toString();
  const map = value as Record<string, unknown>;
  let text = "";
  for (const key of Object.keys(map)) text += `${text === "" ? "" : ", "}${key}=${toJavaString(map[key])}`;
  return `{${text}}`;
}

/**
 * Velocity `==`: numbers compare by value, other classes by `toString()`.
 * Null equals null and `""` (AWS: a missing `$input.path` is `== $null` and `== ""`).
 */
export function vtlEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  const leftNull = isNull(left);
  const rightNull = isNull(right);
  if (leftNull || rightNull) return (leftNull && rightNull) || (leftNull ? right : left) === "";
  if (typeof left === "number" && typeof right === "number") return false;
  return toJavaString(left) === toJavaString(right);
}

/** Velocity `<`/`>` ordering for numbers and strings; `undefined` when the two cannot be compared. */
export function vtlCompare(left: unknown, right: unknown): number | undefined {
  if (typeof left === "number" && typeof right === "number") return left - right;
  if (typeof left === "string" && typeof right === "string") return left < right ? -1 : left > right ? 1 : 0;
  return undefined;
}

/** Velocity 1.7 `#if`: false only for null and Boolean false (an empty string is true). */
export function isTruthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

/** `$target[key]`: list index (negative counts from the end, as Velocity's ASTIndex) or map key. */
export function getIndexed(target: unknown, key: unknown): unknown {
  if (Array.isArray(target)) {
    if (typeof key !== "number" || !Number.isInteger(key)) return undefined;
    return target[key < 0 ? target.length + key : key];
  }
  if (target instanceof VtlObject) return target.getProperty(toJavaString(key));
  if (isMap(target)) return mapGet(target, toJavaString(key));
  return undefined;
}

/** `#set($target.key = value)` / `#set($target[key] = value)`; ignored on values that are not maps or lists. */
export function setMember(target: unknown, key: unknown, value: unknown): void {
  if (Array.isArray(target)) {
    const index = typeof key === "number" ? key : Number.NaN;
    if (!Number.isInteger(index) || index < 0 || index >= target.length) {
      throw new JavaException("IndexOutOfBoundsException", `Index: ${toJavaString(key)}, Size: ${target.length}`);
    }
    target[index] = value;
  } else if (isMap(target)) {
    mapPut(target, toJavaString(key), value);
  }
}

/** The items `#foreach` walks: a list's elements or a map's values; `undefined` when not iterable. */
export function iterationItems(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isMap(value)) return Object.values(value);
  return undefined;
}
