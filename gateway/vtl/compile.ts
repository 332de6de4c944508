/**
 * Compiles an API Gateway mapping template once (velocityjs parses it, this layer generates a
 * JavaScript function from the AST) so that each request only runs that function.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
import { parse } from "velocityjs";
import { registerMacros, statements } from "./directives.ts";
import { VtlError, VtlLimitError, VtlParseError, VtlRenderError } from "./errors.ts";
import { BREAK_SIGNAL, CompilerState } from "./nodes.ts";
import type { Emit, Frame, TemplateNode } from "./nodes.ts";
import { requestOverrideOf, responseOverrideOf } from "./overrides.ts";
import { RUNTIME } from "./runtime.ts";
import type { RenderResult, TemplateVariables } from "./types.ts";

/**
 * Largest template API Gateway accepts (300 KB).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export const MAX_TEMPLATE_BYTES = 300 * 1024;

/** Variables every template starts with, in slot order. */
const BUILTIN_VARIABLES = ["input", "context", "stageVariables", "util"] as const;

/** A mapping template ready to render many times. */
export interface CompiledTemplate {
  /** The template text it was compiled from. */
  readonly source: string;
  /**
   * Renders the template. Throws {@link VtlRenderError} when a called method fails or an override is set
   * twice, {@link VtlLimitError} when a `#foreach` passes 1000 iterations.
   */
  render(variables: TemplateVariables): RenderResult;
}

/**
 * Compiles `source`. Throws {@link VtlLimitError} above 300 KB or when nested too deeply, and
 * {@link VtlParseError} (with line and column) when the text is not valid VTL.
 * @example
 * const template = compileTemplate(readFileSync("templates/passthrough.vtl", "utf8"));
 * const { text } = template.render({ input: new TemplateInput(request), context, stageVariables: {}, util: templateUtil });
 */
export function compileTemplate(source: string): CompiledTemplate {
  const size = Buffer.byteLength(source, "utf8");
  if (size > MAX_TEMPLATE_BYTES) {
    throw new VtlLimitError(`mapping template is ${size} bytes; API Gateway allows at most ${MAX_TEMPLATE_BYTES} (300 KB)`);
  }
  try {
    return generate(source);
  } catch (error) {
    // V8's own stack, in velocityjs's parser, the generator or V8's compiler: the template nests too deeply.
    if (error instanceof RangeError) throw new VtlLimitError(`mapping template nests too deeply for the local gateway (${error.message})`);
    throw error;
  }
}

function generate(source: string): CompiledTemplate {
  const state = CompilerState.create(source, BUILTIN_VARIABLES);
  const { script } = state;
  state.compileInterpolation = (text) => {
    const interpolated = state.withSource(text);
    const nodes = parseTemplate(text);
    return script.function(() => statements(nodes, interpolated));
  };
  const nodes = parseTemplate(source);
  registerMacros(nodes, state);
  const body = script.function(() => statements(nodes, state));
  return new VtlTemplate(source, script.compile(body, RUNTIME), state.slotCount);
}

class VtlTemplate implements CompiledTemplate {
  constructor(readonly source: string, private readonly emit: Emit, private readonly slotCount: number) {}

  render(variables: TemplateVariables): RenderResult {
    const vars = new Array<unknown>(this.slotCount).fill(undefined);
    vars[0] = variables.input;
    vars[1] = variables.context;
    vars[2] = variables.stageVariables;
    vars[3] = variables.util;
    const frame: Frame = { vars, out: "", depth: 0 };
    try {
      this.emit(frame);
    } catch (error) {
      if (error !== BREAK_SIGNAL) throw asVtlError(error);
    }
    return {
      text: frame.out,
      requestOverride: requestOverrideOf(variables.context),
      responseOverride: responseOverrideOf(variables.context),
    };
  }
}

function asVtlError(error: unknown): VtlError {
  if (error instanceof VtlError) return error;
  return new VtlRenderError(`mapping template failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** velocityjs's jison parser attaches the failing token and its position to its errors. */
interface JisonError extends Error {
  hash?: {
    text?: string;
    token?: string | number | null;
    line?: number;
    loc?: { first_line: number; first_column: number; last_column: number };
    expected?: string[];
  };
}

function parseTemplate(source: string): TemplateNode[] {
  try {
    // velocityjs declares a flat node list; at run time blocks are nested arrays (see nodes.ts).
    return parse(source) as unknown as TemplateNode[];
  } catch (error) {
    throw parseErrorOf(error as JisonError);
  }
}

function parseErrorOf(error: JisonError): VtlParseError {
  const loc = error.hash?.loc;
  const line = loc?.first_line ?? (error.hash?.line === undefined ? undefined : error.hash.line + 1);
  // velocityjs's lexer lags by a character; the end of its span is the closest to the offending token.
  const location = line === undefined ? undefined : { line, column: (loc?.last_column ?? 0) + 1 };
  return new VtlParseError(parseErrorDetail(error), location);
}

function parseErrorDetail(error: JisonError): string {
  const hash = error.hash;
  if (hash === undefined) return String(error.message).trim().split("\n").pop() ?? "invalid template";
  const found = hash.token === "EOF" || hash.token === 1 || hash.text === "" ? "end of template" : `'${hash.text ?? ""}'`;
  const expected = hash.expected ?? [];
  if (expected.length === 0 || expected.length > 4) return `unexpected ${found}`;
  return `unexpected ${found}, expecting ${expected.map((token) => token.replaceAll("'", "")).join(" or ")}`;
}
