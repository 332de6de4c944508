/**
 * The JavaScript a template compiles to. Every function of one template (its body, macros, `#define`
 * blocks, interpolated strings) is generated into one script and compiled once with `new Function`, so
 * each template's code has type feedback of its own and V8 can inline what it calls; closures shared
 * by every template (one per node kind) saw every template's values and could not be optimized as well.
 *
 * Nothing from the template reaches the source as code: text is embedded with `JSON.stringify`,
 * variables are slot numbers, and every other value is passed in as a constant (`k0`, `k1`…).
 */
import { JavaException, VtlRenderError } from "./errors.ts";
import type { Emit } from "./nodes.ts";

/**
 * Generated functions record the call site they are about to call in `s` (as an extra argument,
 * `m(target, args, s = 3)`, so it is set after the arguments are evaluated); a Java exception thrown
 * by the call becomes a render error naming that site. `s` is not cleared when a call returns, so only
 * marked calls may throw a Java exception (method calls and `#set` into a map or list).
 */
export class Script {
  private readonly constants: unknown[] = [];
  private readonly functions: string[] = [];
  private readonly sites: string[] = [];
  /** Temporaries allocated by each function being generated, innermost last. */
  private readonly temps: number[] = [];

  /** The name generated code reads `value` by. */
  constant(value: unknown): string {
    return `k${this.constants.push(value) - 1}`;
  }

  /** A local variable of the function being generated. */
  temp(): string {
    const index = this.temps.length - 1;
    return `t${this.temps[index]++}`;
  }

  /** `s = N`: marks the call site described by `where` (e.g. `$s.substring(9) at line 1, column 3`). */
  site(where: string): string {
    return `s = ${this.sites.push(where) - 1}`;
  }

  /** A name for a function defined later with {@link define} (macros may call each other before they are generated). */
  declare(): string {
    return `f${this.functions.push("") - 1}`;
  }

  /** Generates `name(frame)`, whose statements `body` returns; `frame.vars` is `V` and the output `F.out`. */
  define(name: string, body: () => string): string {
    this.temps.push(0);
    let code: string;
    let temps: number;
    try {
      code = body();
    } finally {
      temps = this.temps.pop() ?? 0;
    }
    const locals = ["s = -1", ...Array.from({ length: temps }, (_, index) => `t${index}`)].join(", ");
    // Parenthesized, so V8 compiles it now rather than at its first call: a template too deep for V8
    // fails here, at start, not on every request.
    this.functions[Number(name.slice(1))] = `const ${name} = (function ${name}(F) {
const V = F.vars;
let ${locals};
try {
${code}
} catch (e) {
throw failure(e, s);
}
});`;
    return name;
  }

  /** A new function; see {@link define}. */
  function(body: () => string): string {
    return this.define(this.declare(), body);
  }

  /** Compiles the script; `helpers` are the runtime functions generated code calls by name. */
  compile(entry: string, helpers: Readonly<Record<string, unknown>>): Emit {
    const sites = this.sites;
    const failure = (error: unknown, site: number): unknown =>
      error instanceof JavaException && site >= 0 ? new VtlRenderError(`${sites[site]} threw ${error.message}`) : error;
    const source = [
      '"use strict";',
      `const { ${Object.keys(helpers).join(", ")} } = helpers;`,
      ...this.constants.map((_, index) => `const k${index} = constants[${index}];`),
      ...this.functions,
      `return ${entry};`,
    ].join("\n");
    const create = new Function("helpers", "constants", "failure", source) as (helpers: unknown, constants: unknown[], failure: unknown) => Emit;
    return create(helpers, this.constants, failure);
  }
}
