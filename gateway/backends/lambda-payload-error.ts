/**
 * The message Lambda's Invoke API gives for a payload that is not JSON, as API Gateway relays it: Lambda
 * parses with Jackson, so the detail is Jackson's wording and position, e.g. `Unrecognized token 'token':
 * was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source:
 * (byte[])"token=abc"; line: 1, column: 7]`. The first error is found by a small JSON scanner; the
 * wording covers the errors seen in users' reports, and the position is where Jackson's reader stands
 * then: one past the offending character (for a bad token, the character that ended it).
 */

const SOURCE_LIMIT = 500;
const VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** Why `payload` is not JSON, in Lambda's words; undefined when it is JSON. */
export function lambdaPayloadError(payload: string): string | undefined {
  const problem = new Scanner(payload).firstProblem();
  if (problem === undefined) return undefined;
  const { line, column } = position(payload, problem.at);
  return `Could not parse request body into json: Could not parse payload into json: ${problem.message}\n at [Source: ${source(payload)}; line: ${line}, column: ${column}]`;
}

interface Problem {
  readonly message: string;
  /** Where Jackson reports it: one past the offending character, counted from 1 (its 0-based index + 2). */
  readonly at: number;
}

class ParseProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** A recursive-descent JSON reader that stops at the first error. */
class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  firstProblem(): Problem | undefined {
    try {
      this.value("ROOT");
      this.space();
      if (this.i < this.text.length) this.unexpected("expected end-of-input");
      return undefined;
    } catch (err) {
      if (err instanceof ParseProblem) return err.problem;
      throw err;
    }
  }

  private value(context: string): void {
    this.space();
    const c = this.text[this.i];
    if (c === undefined) this.fail(`Unexpected end-of-input: expected ${context === "ROOT" ? "a valid value" : `close marker for ${context}`}`, this.i + 1);
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    const word = /^[A-Za-z0-9_$]+/.exec(this.text.slice(this.i))?.[0];
    if (word === "true" || word === "false" || word === "null") {
      this.i += word.length;
      return;
    }
    if (word !== undefined) this.fail(`Unrecognized token '${word}': was expecting ${VALUE_EXPECTED}`, this.i + word.length + 2);
    this.unexpected(`expected a valid value ${VALUE_EXPECTED}`);
  }

  private object(): void {
    this.i += 1;
    this.space();
    if (this.text[this.i] === "}") {
      this.i += 1;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] === undefined) this.fail("Unexpected end-of-input: expected close marker for OBJECT", this.i + 1);
      if (this.text[this.i] !== '"') this.unexpected("was expecting double-quote to start field name");
      this.string();
      this.space();
      if (this.text[this.i] !== ":") this.unexpected("was expecting a colon to separate field name and value");
      this.i += 1;
      this.value("OBJECT");
      if (this.closes("}", "OBJECT", "Object")) return;
    }
  }

  private array(): void {
    this.i += 1;
    this.space();
    if (this.text[this.i] === "]") {
      this.i += 1;
      return;
    }
    for (;;) {
      this.value("ARRAY");
      if (this.closes("]", "ARRAY", "Array")) return;
    }
  }

  /** After an entry: true at the container's close marker, false past the comma before the next entry. */
  private closes(marker: "}" | "]", container: "OBJECT" | "ARRAY", entries: "Object" | "Array"): boolean {
    this.space();
    const next = this.text[this.i];
    this.i += 1;
    if (next === marker) return true;
    if (next === undefined) this.fail(`Unexpected end-of-input: expected close marker for ${container}`, this.i);
    if (next !== ",") {
      this.i -= 1;
      this.unexpected(`was expecting comma to separate ${entries} entries`);
    }
    return false;
  }

  private string(): void {
    this.i += 1;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail("Unexpected end-of-input in VALUE_STRING", this.i + 1);
      this.i += 1;
      if (c === '"') return;
      if (c === "\\") {
        const escaped = this.text[this.i];
        if (escaped === undefined || !'"\\/bfnrtu'.includes(escaped)) {
          this.fail(`Unrecognized character escape ${describe(escaped ?? "")}`, this.i + 2);
        }
        this.i += escaped === "u" ? 5 : 1;
      } else if (c < " ") {
        this.fail(`Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`, this.i + 1);
      }
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i));
    if (match === null || match[0] === "-") this.fail(`Unexpected character ${describe(this.text[this.i + 1] ?? "")} in numeric value`, this.i + 3);
    this.i += match![0].length;
  }

  private space(): void {
    while (this.i < this.text.length && " \t\n\r".includes(this.text[this.i])) this.i += 1;
  }

  private unexpected(expectation: string): never {
    this.fail(`Unexpected character ${describe(this.text[this.i])}: ${expectation}`, this.i + 2);
  }

  private fail(message: string, at: number): never {
    throw new ParseProblem({ message, at });
  }
}

/** Jackson's `('x' (code 120))`. */
function describe(c: string): string {
  return `('${c}' (code ${c.charCodeAt(0)}))`;
}

/** The line and column of a reported position (both 1-based; lines split at "\n"). */
function position(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, at - 1));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Jackson's source description: the payload quoted, cut after 500 characters. */
function source(payload: string): string {
  if (payload.length <= SOURCE_LIMIT) return `(byte[])"${payload}"`;
  return `(byte[])"${payload.slice(0, SOURCE_LIMIT)}"[truncated ${Buffer.byteLength(payload.slice(SOURCE_LIMIT))} bytes]`;
}
