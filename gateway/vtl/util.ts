/**
 * `$util`: API Gateway's mapping-template helper functions (default character set UTF-8).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
import { JavaException } from "./errors.ts";
import { isNull, toJavaString, VtlObject } from "./java-values.ts";

const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 34: '\\"', 39: "\\'", 47: "\\/", 92: "\\\\",
};
/** How escapeJavaScript writes each ASCII character; `undefined` for those it keeps (U+007F included). */
const ASCII_ESCAPES: readonly (string | undefined)[] = Array.from({ length: 128 }, (_, code) =>
  NAMED_ESCAPES[code] ?? (code < 0x20 ? unicodeEscape(code) : undefined),
);
/** Any character escapeJavaScript rewrites; most values have none and are returned as they are. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const NEEDS_JS_ESCAPE = /["'\\/\u0000-\u001f\u0080-\uffff]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NOT_ENCODED_BY_URL_ENCODER = /[!'()~]|%20/g;
const utf8 = new TextDecoder("utf-8");

/** A helper argument as a Java String; null becomes `""` (AWS renders `escapeJavaScript(null)` and `urlEncode(null)` empty). */
function argument(value: unknown): string {
  return isNull(value) ? "" : toJavaString(value);
}

/**
 * The `$util` object. Stateless: share {@link templateUtil} between requests.
 */
export class TemplateUtil extends VtlObject {
  /**
   * Apache Commons Lang `StringEscapeUtils.escapeJavaScript`: `'` → `\'` (documented by AWS; invalid JSON),
   * `"` `\` `/` escaped, `\b \n \t \f \r`, other control characters and every character above U+007F
   * as `\uXXXX` with upper-case hex.
   */
  escapeJavaScript(value: string): string {
    if (!NEEDS_JS_ESCAPE.test(value)) return value;
    let escaped = "";
    let copiedUpTo = 0;
    for (let index = 0; index < value.length; index++) {
      const code = value.charCodeAt(index);
      const replacement = code < 128 ? ASCII_ESCAPES[code] : unicodeEscape(code);
      if (replacement !== undefined) {
        escaped += value.slice(copiedUpTo, index) + replacement;
        copiedUpTo = index + 1;
      }
    }
    return copiedUpTo === 0 ? value : escaped + value.slice(copiedUpTo);
  }

  /** `parseJson`: JSON text to a map, list, string or number; `""` when the text is not JSON. */
  parseJson(value: string): unknown {
    try {
      return JSON.parse(value);
    } catch {
      return "";
    }
  }

  /** Java `URLEncoder.encode(value, "UTF-8")`: space → `+`, only `A-Z a-z 0-9 . - * _` kept. */
  urlEncode(value: string): string {
    return encodeURIComponent(value.replace(LONE_SURROGATE, "?")).replace(NOT_ENCODED_BY_URL_ENCODER, percentEncode);
  }

  /** Java `URLDecoder.decode(value, "UTF-8")`: `+` → space; a malformed `%` escape throws IllegalArgumentException. */
  urlDecode(value: string): string {
    if (!value.includes("%")) return value.includes("+") ? value.replaceAll("+", " ") : value;
    let decoded = "";
    let index = 0;
    while (index < value.length) {
      const char = value[index];
      if (char === "%") {
        const bytes: number[] = [];
        while (value[index] === "%") {
          bytes.push(hexByte(value, index));
          index += 3;
        }
        decoded += utf8.decode(Uint8Array.from(bytes));
      } else {
        decoded += char === "+" ? " " : char;
        index++;
      }
    }
    return decoded;
  }

  /** Base64 of the UTF-8 bytes. */
  base64Encode(value: string): string {
    return Buffer.from(value, "utf8").toString("base64");
  }

  /** Base64 to UTF-8 text. */
  base64Decode(value: string): string {
    return Buffer.from(value, "base64").toString("utf8");
  }

  callMethod(name: string, args: readonly unknown[]): unknown {
    switch (name) {
      case "escapeJavaScript":
        return this.escapeJavaScript(argument(args[0]));
      case "parseJson":
        return this.parseJson(argument(args[0]));
      case "urlEncode":
        return this.urlEncode(argument(args[0]));
      case "urlDecode":
        return this.urlDecode(argument(args[0]));
      case "base64Encode":
        return this.base64Encode(argument(args[0]));
      case "base64Decode":
        return this.base64Decode(argument(args[0]));
      default:
        return undefined;
    }
  }

  toString(): string {
    return "$util";
  }
}

/** The shared `$util` instance. */
export const templateUtil = new TemplateUtil();

function unicodeEscape(code: number): string {
  return "\\u" + code.toString(16).toUpperCase().padStart(4, "0");
}

function percentEncode(match: string): string {
  return match === "%20" ? "+" : "%" + match.charCodeAt(0).toString(16).toUpperCase();
}

function hexByte(value: string, index: number): number {
  const hex = value.slice(index + 1, index + 3);
  if (hex.length < 2) throw new JavaException("IllegalArgumentException", "URLDecoder: Incomplete trailing escape (%) pattern");
  if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
    throw new JavaException("IllegalArgumentException", `URLDecoder: Illegal hex characters in escape (%) pattern - ${hex}`);
  }
  return Number.parseInt(hex, 16);
}
