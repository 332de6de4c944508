/**
 * Java methods templates call on strings, numbers, booleans, maps and lists, dispatched by one function per
 * method name (kept for the life of the process: templates are few and their names are fixed).
 * @see https://docs.oracle.com/javase/8/docs/api/java/lang/String.html
 */
import { JavaException } from "./errors.ts";
import { javaMatches, javaReplace, javaSplit } from "./java-regex.ts";
import { isMap, isNull, javaList, mapGet, mapPut, toJavaString, VtlObject, vtlEquals } from "./java-values.ts";

type Method<T> = (target: T, args: readonly unknown[]) => unknown;
type Table<T> = Readonly<Record<string, Method<T>>>;

/** A method call site: the same name dispatched on whatever the target turns out to be. */
export type BoundMethod = (target: unknown, args: readonly unknown[]) => unknown;

/** A `Map.Entry` from `entrySet()`: `$e.key`, `$e.value`, renders `key=value`. */
export class MapEntry extends VtlObject {
  constructor(readonly key: string, readonly value: unknown) {
    super();
  }

  callMethod(name: string): unknown {
    if (name === "getKey") return this.key;
    if (name === "getValue") return this.value;
    return name === "toString" ? this.toString() : undefined;
  }

  override getProperty(name: string): unknown {
    if (name === "key") return this.key;
    return name === "value" ? this.value : undefined;
  }

  toString(): string {
    return `${this.key}=${toJavaString(this.value)}`;
  }
}

/** A String argument; Java throws NullPointerException for null. */
function text(value: unknown): string {
  if (isNull(value)) throw new JavaException("NullPointerException", "null argument");
  return toJavaString(value);
}

function integer(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw new JavaException("IllegalArgumentException", `not an int: ${toJavaString(value)}`);
  return value;
}

function checkRange(begin: number, end: number, length: number): void {
  if (begin < 0 || end > length || begin > end) {
    throw new JavaException("StringIndexOutOfBoundsException", `begin ${begin}, end ${end}, length ${length}`);
  }
}

/** Java `String.trim()`: strips characters up to U+0020 only. */
function javaTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 32) start++;
  while (end > start && value.charCodeAt(end - 1) <= 32) end--;
  return value.slice(start, end);
}

function searchArgument(value: unknown): string {
  return typeof value === "number" ? String.fromCharCode(value) : text(value);
}

const stringMethods: Table<string> = {
  length: (s) => s.length,
  isEmpty: (s) => s.length === 0,
  contains: (s, [part]) => s.includes(text(part)),
  equals: (s, [other]) => s === other,
  equalsIgnoreCase: (s, [other]) => typeof other === "string" && s.length === other.length && (s.toUpperCase() === other.toUpperCase() || s.toLowerCase() === other.toLowerCase()),
  compareTo: (s, [other]) => compareStrings(s, text(other)),
  compareToIgnoreCase: (s, [other]) => compareStrings(s.toLowerCase(), text(other).toLowerCase()),
  startsWith: (s, [prefix, offset]) => s.startsWith(text(prefix), offset === undefined ? 0 : integer(offset)),
  endsWith: (s, [suffix]) => s.endsWith(text(suffix)),
  indexOf: (s, [part, from]) => s.indexOf(searchArgument(part), from === undefined ? 0 : integer(from)),
  lastIndexOf: (s, [part, from]) => s.lastIndexOf(searchArgument(part), from === undefined ? Infinity : integer(from)),
  charAt: (s, [index]) => {
    const at = integer(index);
    if (at < 0 || at >= s.length) throw new JavaException("StringIndexOutOfBoundsException", `index ${at}, length ${s.length}`);
    return s[at];
  },
  substring: (s, [begin, end]) => {
    const from = integer(begin);
    const to = end === undefined ? s.length : integer(end);
    checkRange(from, to, s.length);
    return s.slice(from, to);
  },
  concat: (s, [other]) => s + text(other),
  replace: (s, [target, replacement]) => s.split(text(target)).join(text(replacement)),
  replaceAll: (s, [regex, replacement]) => javaReplace(s, text(regex), text(replacement), true),
  replaceFirst: (s, [regex, replacement]) => javaReplace(s, text(regex), text(replacement), false),
  matches: (s, [regex]) => javaMatches(s, text(regex)),
  split: (s, [regex, limit]) => javaSplit(s, text(regex), limit === undefined ? 0 : integer(limit)),
  toLowerCase: (s) => s.toLowerCase(),
  toUpperCase: (s) => s.toUpperCase(),
  trim: (s) => javaTrim(s),
  toString: (s: string) => s,
};

function compareStrings(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const difference = left.charCodeAt(index) - right.charCodeAt(index);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

const numberMethods: Table<number> = {
  toString: (n: number) => toJavaString(n),
  equals: (n, [other]) => n === other,
  compareTo: (n, [other]) => Math.sign(n - Number(other)),
  intValue: (n) => Math.trunc(n),
  longValue: (n) => Math.trunc(n),
  doubleValue: (n) => n,
  floatValue: (n) => n,
};

const booleanMethods: Table<boolean> = {
  toString: (b: boolean) => toJavaString(b),
  equals: (b, [other]) => b === other,
  booleanValue: (b) => b,
};

function listIndex(list: readonly unknown[], value: unknown, allowEnd = false): number {
  const index = integer(value);
  if (index < 0 || index > list.length || (index === list.length && !allowEnd)) {
    throw new JavaException("IndexOutOfBoundsException", `Index: ${index}, Size: ${list.length}`);
  }
  return index;
}

const listMethods: Table<unknown[]> = {
  size: (list) => list.length,
  isEmpty: (list) => list.length === 0,
  get: (list, [index]) => list[listIndex(list, index)],
  contains: (list, [item]) => list.some((element) => vtlEquals(element, item)),
  indexOf: (list, [item]) => list.findIndex((element) => vtlEquals(element, item)),
  add: (list, args) => {
    if (args.length < 2) return list.push(args[0]) > 0;
    list.splice(listIndex(list, args[0], true), 0, args[1]);
    return undefined;
  },
  addAll: (list, [items]) => {
    if (!Array.isArray(items)) return false;
    list.push(...items);
    return items.length > 0;
  },
  set: (list, [index, item]) => list.splice(listIndex(list, index), 1, item)[0],
  remove: (list, [item]) => {
    if (typeof item === "number") return list.splice(listIndex(list, item), 1)[0];
    const at = list.findIndex((element) => vtlEquals(element, item));
    if (at >= 0) list.splice(at, 1);
    return at >= 0;
  },
  subList: (list, [from, to]) => javaList(list.slice(listIndex(list, from, true), listIndex(list, to, true))),
  clear: (list) => {
    list.length = 0;
  },
  equals: (list, [other]) => toJavaString(list) === toJavaString(other),
  toString: (list: unknown[]) => toJavaString(list),
};

const mapMethods: Table<Record<string, unknown>> = {
  get: (map, [key]) => mapGet(map, toJavaString(key)),
  getOrDefault: (map, [key, fallback]) => (Object.hasOwn(map, toJavaString(key)) ? map[toJavaString(key)] : fallback),
  containsKey: (map, [key]) => Object.hasOwn(map, toJavaString(key)),
  containsValue: (map, [value]) => Object.values(map).some((element) => vtlEquals(element, value)),
  size: (map) => Object.keys(map).length,
  isEmpty: (map) => Object.keys(map).length === 0,
  keySet: (map) => javaList(Object.keys(map)),
  values: (map) => javaList(Object.values(map)),
  entrySet: (map) => javaList(Object.keys(map).map((key) => new MapEntry(key, map[key]))),
  put: (map, [key, value]) => mapPut(map, toJavaString(key), value),
  putAll: (map, [other]) => {
    if (isMap(other)) for (const key of Object.keys(other)) mapPut(map, key, other[key]);
  },
  remove: (map, [key]) => {
    const previous = mapGet(map, toJavaString(key));
    delete map[toJavaString(key)];
    return previous;
  },
  equals: (map, [other]) => toJavaString(map) === toJavaString(other),
  toString: (map: Record<string, unknown>) => toJavaString(map),
};

function own<T>(table: Table<T>, name: string): Method<T> | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

const methods = new Map<string, BoundMethod>();
const properties = new Map<string, (target: unknown) => unknown>();

/**
 * Dispatches `$x.name(args)` on the target's type; unknown methods return `undefined` (rendered `""`).
 * Generated once per name, so that each has type feedback of its own: one closure for every name would
 * see every kind of target and method and V8 could inline none of them. (The source names the method:
 * V8 caches `new Function` by source, and identical sources would share their feedback again.)
 */
const METHOD_DISPATCH = `return function dispatch(target, args) {
  if (typeof target === "string") return onString === undefined ? undefined : onString(target, args);
  if (typeof target === "object" && target !== null) {
    if (target instanceof VtlObject) return target.callMethod(name, args);
    if (Array.isArray(target)) return onList === undefined ? undefined : onList(target, args);
    return onMap === undefined ? undefined : onMap(target, args);
  }
  if (typeof target === "number") return onNumber === undefined ? undefined : onNumber(target, args);
  if (typeof target === "boolean") return onBoolean === undefined ? undefined : onBoolean(target, args);
  return undefined;
};`;

/** `$x.name(args)` for any target. */
export function resolveMethod(name: string): BoundMethod {
  let dispatch = methods.get(name);
  if (dispatch === undefined) {
    const create = new Function("VtlObject", "onString", "onNumber", "onBoolean", "onList", "onMap", `const name = ${JSON.stringify(name)};\n${METHOD_DISPATCH}`) as (...values: unknown[]) => BoundMethod;
    dispatch = create(VtlObject, own(stringMethods, name), own(numberMethods, name), own(booleanMethods, name), own(listMethods, name), own(mapMethods, name));
    methods.set(name, dispatch);
  }
  return dispatch;
}

/**
 * `$x.name`: a map key, a {@link VtlObject} property, or Velocity's bean getter `getName()` / `isName()`
 * on strings and lists (so `$s.empty` calls `isEmpty()`). Generated once per name, as methods are.
 */
const PROPERTY_DISPATCH = `return function property(target) {
  if (typeof target === "object" && target !== null && !Array.isArray(target)) {
    return target instanceof VtlObject ? target.getProperty(name) : mapGet(target, name);
  }
  return getter(target, NO_ARGUMENTS) ?? isGetter(target, NO_ARGUMENTS);
};`;

/** The arguments of a call without any. */
export const NO_ARGUMENTS: readonly unknown[] = Object.freeze([]);

/** `$x.name` for any target. */
export function resolveProperty(name: string): (target: unknown) => unknown {
  let property = properties.get(name);
  if (property === undefined) {
    const suffix = name.charAt(0).toUpperCase() + name.slice(1);
    const create = new Function("VtlObject", "mapGet", "getter", "isGetter", "NO_ARGUMENTS", `const name = ${JSON.stringify(name)};\n${PROPERTY_DISPATCH}`) as (...values: unknown[]) => (target: unknown) => unknown;
    property = create(VtlObject, mapGet, resolveMethod(`get${suffix}`), resolveMethod(`is${suffix}`), NO_ARGUMENTS);
    properties.set(name, property);
  }
  return property;
}
