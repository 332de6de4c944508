/**
 * `java.util.regex` semantics on top of JavaScript RegExp, for the String methods templates call:
 * `replaceAll`, `replaceFirst`, `split` and `matches`.
 *
 * Patterns are translated once and cached: inline leading flags `(?i)`, `\Q…\E`, `\A`, `\z`, `\Z`,
 * Java's `$` (also matches before a final line terminator), possessive quantifiers and atomic groups
 * (approximated as greedy), POSIX `\p{Alpha}`-style classes, and escapes of any punctuation.
 * @see https://docs.oracle.com/javase/8/docs/api/java/util/regex/Pattern.html
 */
import { JavaException } from "./errors.ts";
import { compileJavaReplacement, type JavaReplacer } from "./java-replacement.ts";
import { javaList } from "./java-values.ts";

const END_OF_INPUT_OR_BEFORE_FINAL_TERMINATOR = "(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?(?![\\s\\S]))";
const SYNTAX_CHARACTERS = new Set("^$\\.*+?()[]{}|/");
const POSIX_CLASSES: Record<string, string> = {
  Lower: "a-z", Upper: "A-Z", ASCII: "\\x00-\\x7F", Alpha: "a-zA-Z", Digit: "0-9", Alnum: "a-zA-Z0-9",
  Punct: "!-\\/:-@\\[-`{-~", Graph: "!-~", Print: " -~", Blank: " \\t", Cntrl: "\\x00-\\x1F\\x7F",
  XDigit: "0-9a-fA-F", Space: " \\t\\n\\x0B\\f\\r",
};
const SIMPLE_ESCAPES: Record<string, string> = {
  A: "(?<![\\s\\S])", z: "(?![\\s\\S])", Z: END_OF_INPUT_OR_BEFORE_FINAL_TERMINATOR,
  e: "\\x1B", a: "\\x07", h: "[ \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000]",
  R: "(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])",
};
const CACHE_LIMIT = 256;

interface TranslatedPattern {
  readonly source: string;
  readonly flags: string;
}

class PatternTranslator {
  private index = 0;
  private output = "";
  private inClass = false;
  constructor(private readonly pattern: string, private readonly multiline: boolean) {}

  translate(): string {
    const { pattern } = this;
    while (this.index < pattern.length) {
      const char = pattern[this.index];
      if (char === "\\") this.escape();
      else if (char === "[") this.openClass();
      else if (char === "]") this.closeClass();
      else if (!this.inClass) this.outsideClass(char);
      else if (char === "&" && pattern[this.index + 1] === "&") this.unsupported("&& (class intersection)");
      else this.emit(char, 1);
    }
    return this.output;
  }

  private outsideClass(char: string): void {
    const next = this.pattern[this.index + 1];
    if (char === "$") this.emit(this.multiline ? "$" : END_OF_INPUT_OR_BEFORE_FINAL_TERMINATOR, 1);
    else if ("*+?".includes(char) && next === "+") this.emit(char, 2);
    else if (char === "(" && next === "?") this.group();
    else if (char === "{") this.quantifier();
    else this.emit(char === "}" ? "\\}" : char, 1);
  }

  private group(): void {
    const rest = this.pattern.slice(this.index + 2);
    if (rest.startsWith(">")) this.emit("(?:", 3);
    else if (/^[:=!]|^<[=!]|^<[A-Za-z]/.test(rest)) this.emit("(?", 2);
    else this.unsupported("(?" + rest.slice(0, 2));
  }

  private quantifier(): void {
    const match = /^\{\d+(?:,\d*)?\}\+?/.exec(this.pattern.slice(this.index));
    if (!match) this.unsupported("{");
    const text = match[0];
    this.emit(text.endsWith("+") ? text.slice(0, -1) : text, text.length);
  }

  private openClass(): void {
    if (this.inClass) this.unsupported("[ inside a character class");
    this.inClass = true;
    const negated = this.pattern[this.index + 1] === "^";
    this.emit(negated ? "[^" : "[", negated ? 2 : 1);
    if (this.pattern[this.index] === "]") this.emit("\\]", 1);
  }

  private closeClass(): void {
    this.emit(this.inClass ? "]" : "\\]", 1);
    this.inClass = false;
  }

  private escape(): void {
    const next = this.pattern[this.index + 1];
    if (next === undefined) throw new JavaException("PatternSyntaxException", `Unexpected internal error near index ${this.index + 1}`);
    if (next === "Q") return this.quoted();
    if (next === "p" || next === "P") return this.property(next === "P");
    const simple = this.inClass ? undefined : SIMPLE_ESCAPES[next];
    if (simple !== undefined) return this.emit(simple, 2);
    if (/[0-9A-Za-z]/.test(next)) return this.emit("\\" + next, 2);
    const keepEscape = SYNTAX_CHARACTERS.has(next) || (this.inClass && next === "-");
    this.emit(keepEscape ? "\\" + next : next, 2);
  }

  private quoted(): void {
    const end = this.pattern.indexOf("\\E", this.index + 2);
    const literal = this.pattern.slice(this.index + 2, end < 0 ? undefined : end);
    this.output += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
    this.index = end < 0 ? this.pattern.length : end + 2;
  }

  private property(negated: boolean): void {
    const match = /^\{(\w+)\}|^(\w)/.exec(this.pattern.slice(this.index + 2));
    if (!match) this.unsupported("\\p");
    const name = match[1] ?? match[2];
    const posix = POSIX_CLASSES[name.replace(/^Is/, "")];
    if (posix === undefined) return this.emit(`\\${negated ? "P" : "p"}{${name.replace(/^Is/, "")}}`, 2 + match[0].length);
    if (negated && this.inClass) this.unsupported("\\P inside a character class");
    const body = negated ? `[^${posix}]` : this.inClass ? posix : `[${posix}]`;
    this.emit(body, 2 + match[0].length);
  }

  private emit(text: string, consumed: number): void {
    this.output += text;
    this.index += consumed;
  }

  private unsupported(construct: string): never {
    throw new JavaException("PatternSyntaxException", `unsupported construct ${construct} in ${this.pattern}`);
  }
}

function translate(pattern: string): TranslatedPattern {
  const inline = /^\(\?([idmsuxU]+)\)/.exec(pattern);
  const javaFlags = inline?.[1] ?? "";
  if (javaFlags.includes("x")) throw new JavaException("PatternSyntaxException", `unsupported flag (?x) in ${pattern}`);
  const flags = [..."ims"].filter((flag) => javaFlags.includes(flag)).join("") + "u";
  const body = inline ? pattern.slice(inline[0].length) : pattern;
  return { source: new PatternTranslator(body, flags.includes("m")).translate(), flags };
}

const regexCache = new Map<string, RegExp>();

/** The cached JavaScript RegExp for a Java pattern; `mode` "g" scans, "full" anchors for `matches`, "first" finds once. */
export function javaRegex(pattern: string, mode: "g" | "full" | "first"): RegExp {
  const key = mode + "\u0000" + pattern;
  let regex = regexCache.get(key);
  if (regex === undefined) {
    const { source, flags } = translate(pattern);
    try {
      // Anchored with lookarounds, not ^ and $, so that (?m) cannot turn a full match into a line match.
      regex = mode === "full" ? new RegExp(`(?<![\\s\\S])(?:${source})(?![\\s\\S])`, flags) : new RegExp(source, mode === "g" ? flags + "g" : flags);
    } catch (error) {
      throw new JavaException("PatternSyntaxException", `${(error as Error).message} in ${pattern}`);
    }
    if (regexCache.size >= CACHE_LIMIT) regexCache.clear();
    regexCache.set(key, regex);
  }
  return regex;
}

/** Java `String.matches(regex)`: the whole string must match. */
export function javaMatches(text: string, pattern: string): boolean {
  return javaRegex(pattern, "full").test(text);
}

/** Java `String.split(regex, limit)`, including its removal of trailing empty strings when `limit` is 0. */
export function javaSplit(text: string, pattern: string, limit = 0): string[] {
  const regex = javaRegex(pattern, "g");
  const parts: string[] = [];
  let start = 0;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (limit > 0 && parts.length >= limit - 1) break;
    if (match[0].length === 0) {
      regex.lastIndex = match.index + 1;
      if (match.index === 0) continue;
    }
    parts.push(text.slice(start, match.index));
    start = match.index + match[0].length;
  }
  if (parts.length === 0) return javaList([text]);
  parts.push(text.slice(start));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return javaList(parts);
}

const replacerCache = new Map<string, JavaReplacer>();

/** Java `String.replaceAll` / `replaceFirst`: `$n` and `${name}` refer to groups, `\` quotes the next character. */
export function javaReplace(text: string, pattern: string, replacement: string, all: boolean): string {
  const regex = javaRegex(pattern, all ? "g" : "first");
  const key = `${all}\u0000${pattern}\u0000${replacement}`;
  let replacer = replacerCache.get(key);
  if (replacer === undefined) {
    replacer = compileJavaReplacement(replacement, countGroups(regex));
    if (replacerCache.size >= CACHE_LIMIT) replacerCache.clear();
    replacerCache.set(key, replacer);
  }
  return text.replace(regex, replacer);
}

function countGroups(regex: RegExp): number {
  const probe = new RegExp(`${regex.source}|`, regex.flags.replace("g", ""));
  return (probe.exec("") as RegExpExecArray).length - 1;
}
