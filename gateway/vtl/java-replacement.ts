import { JavaException } from "./errors.ts";

type ReplacementPart = string | number | { readonly name: string };

/** A `String.prototype.replace` callback. */
export type JavaReplacer = (match: string, ...rest: unknown[]) => string;

/**
 * Compiles a Java replacement string (`Matcher.appendReplacement` rules) into a `String.replace` callback:
 * `$n` takes as many digits as form an existing group, `${name}` names a group, `\\` quotes the next character.
 * @see https://docs.oracle.com/javase/8/docs/api/java/util/regex/Matcher.html#appendReplacement-java.lang.StringBuffer-java.lang.String-
 */
export function compileJavaReplacement(replacement: string, groupCount: number): JavaReplacer {
  const parts = parseReplacement(replacement, groupCount);
  if (parts.length === 1 && typeof parts[0] === "string") {
    const constant = parts[0];
    return () => constant;
  }
  return (match, ...rest) => {
    let result = "";
    for (const part of parts) {
      if (typeof part === "string") result += part;
      else if (typeof part === "number") result += part === 0 ? match : ((rest[part - 1] as string | undefined) ?? "");
      else result += namedGroup(rest[groupCount + 2], part.name);
    }
    return result;
  };
}

function namedGroup(groups: unknown, name: string): string {
  const record = groups as Record<string, string | undefined> | undefined;
  if (record === undefined || !Object.hasOwn(record, name)) {
    throw new JavaException("IllegalArgumentException", `No group with name {${name}}`);
  }
  return record[name] ?? "";
}

function parseReplacement(replacement: string, groupCount: number): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let literal = "";
  for (let index = 0; index < replacement.length; index++) {
    const char = replacement[index];
    if (char === "\\") {
      index++;
      if (index >= replacement.length) throw new JavaException("IllegalArgumentException", "character to be escaped is missing");
      literal += replacement[index];
    } else if (char === "$") {
      const [reference, end] = parseGroupReference(replacement, index + 1, groupCount);
      if (literal !== "") parts.push(literal);
      parts.push(reference);
      literal = "";
      index = end - 1;
    } else {
      literal += char;
    }
  }
  if (literal !== "" || parts.length === 0) parts.push(literal);
  return parts;
}

function parseGroupReference(text: string, start: number, groupCount: number): [ReplacementPart, number] {
  if (text[start] === "{") {
    const end = text.indexOf("}", start);
    const name = end < 0 ? "" : text.slice(start + 1, end);
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new JavaException("IllegalArgumentException", "named capturing group is missing trailing '}'");
    return [{ name }, end + 1];
  }
  const first = text.charCodeAt(start) - 48;
  if (!(first >= 0 && first <= 9)) throw new JavaException("IllegalArgumentException", "Illegal group reference");
  let reference = first;
  let end = start + 1;
  for (; end < text.length; end++) {
    const digit = text.charCodeAt(end) - 48;
    if (!(digit >= 0 && digit <= 9) || reference * 10 + digit > groupCount) break;
    reference = reference * 10 + digit;
  }
  if (reference > groupCount) throw new JavaException("IndexOutOfBoundsException", `No group ${reference}`);
  return [reference, end];
}
