/**
 * The velocityjs AST shapes the compiler reads, the functions it generates, and the compile-time state.
 * velocityjs's `parse` returns a list of text strings, statement nodes and blocks; a block is an array
 * whose first element is its directive (`#if`, `#foreach`, `#macro`…) and the rest its children.
 */
import { Script } from "./script.ts";

/** Source span reported by velocityjs: lines count from 1, columns from 0, `last_column` exclusive. */
export interface Position {
  readonly first_line: number;
  readonly first_column: number;
  readonly last_line: number;
  readonly last_column: number;
}

/** One step after a reference's name: `.name`, `.name(args)` or `[index]`. */
export type PathNode =
  | { readonly type: "property"; readonly id: string }
  | { readonly type: "method"; readonly id: string; readonly args: readonly ExpressionNode[] | false }
  | { readonly type: "index"; readonly id: ExpressionNode };

/** `$name…` / `$!{name…}`; the compiler ignores the quiet and wrapped forms (null renders empty anyway). */
export interface ReferenceNode {
  readonly type: "references";
  readonly id: string;
  readonly path?: readonly PathNode[];
  /** Present for `$name(...)` called as a function. */
  readonly args?: readonly ExpressionNode[] | false;
  readonly pos?: Position;
}

/** An end of `[a..b]`: velocityjs gives integer literals as text. */
export type RangeEnd = ExpressionNode | string | number;

/** String, number, boolean/null, list, range and map literals. */
export type LiteralNode =
  | { readonly type: "string"; readonly value: string; readonly isEval?: boolean }
  | { readonly type: "integer" | "decimal"; readonly value: string | number }
  | { readonly type: "bool"; readonly value: "true" | "false" | "null" }
  | { readonly type: "array"; readonly value: readonly RangeEnd[]; readonly isRange?: boolean }
  | { readonly type: "map"; readonly value?: Readonly<Record<string, ExpressionNode>> };

/** An operator applied to its operands, including `not`, `minus` and `parenthesis`. */
export interface MathNode {
  readonly type: "math";
  readonly operator: string;
  readonly expression: readonly ExpressionNode[];
}

/** Anything that yields a value. */
export type ExpressionNode = ReferenceNode | LiteralNode | MathNode;

/** `#set($target = value)`. */
export interface SetNode {
  readonly type: "set";
  readonly equal: readonly [ReferenceNode, ExpressionNode];
  readonly pos?: Position;
}

/** `#name(args)`: a macro call, or literal text when no such macro exists. */
export interface MacroCallNode {
  readonly type: "macro_call";
  readonly id: string;
  readonly args?: readonly ExpressionNode[];
  readonly pos?: Position;
}

/** A directive head or a standalone directive; which fields are set depends on `type`. */
export interface DirectiveNode {
  readonly type: "if" | "elseif" | "else" | "foreach" | "macro" | "define" | "noescape" | "comment" | "raw" | "break";
  readonly id?: string;
  readonly condition?: ExpressionNode;
  readonly from?: ExpressionNode;
  readonly to?: string;
  readonly args?: readonly ReferenceNode[];
  readonly value?: string;
  readonly pos?: Position;
}

/** A non-text node outside expressions. */
export type StatementNode = ReferenceNode | SetNode | MacroCallNode | DirectiveNode;

/** A block: its directive first, then its children. */
export type BlockNode = readonly [DirectiveNode, ...TemplateNode[]];

/** What velocityjs's `parse` returns a list of: text, statements and blocks. */
export type TemplateNode = string | StatementNode | BlockNode;

/** Per-render state: variable slots and the output being built. */
export interface Frame {
  readonly vars: unknown[];
  out: string;
  /** Current macro call depth. */
  depth: number;
}

/** A generated function: appends to `frame.out` or changes variables. */
export type Emit = (frame: Frame) => void;

/** Thrown by `#break`; caught by the enclosing `#foreach`, macro call or the template. */
export const BREAK_SIGNAL: unique symbol = Symbol("#break");

/** Runs `emit` into a fresh buffer and returns what it wrote, leaving the frame's output as it was. */
export function captureOutput(frame: Frame, emit: Emit): string {
  const outer = frame.out;
  frame.out = "";
  try {
    emit(frame);
    return frame.out;
  } finally {
    frame.out = outer;
  }
}

/** A macro declared with `#macro(name $a $b)`: its parameters' slots and the generated function of its body. */
export interface MacroDefinition {
  readonly parameterSlots: readonly number[];
  readonly body: string;
}

/** Compile-time state shared by one template and the string literals it interpolates. */
export class CompilerState {
  /** Generates an interpolated string literal (`"a$b"`) as a function; returns its name. Wired by the template compiler. */
  compileInterpolation: (text: string) => string = () => {
    throw new Error("compileInterpolation is not wired");
  };

  private constructor(
    readonly source: string,
    readonly script: Script,
    private readonly slots: Map<string, number>,
    readonly macros: Map<string, MacroDefinition>,
  ) {}

  /** A state whose first slots hold `names`, in order. */
  static create(source: string, names: readonly string[]): CompilerState {
    return new CompilerState(source, new Script(), new Map(names.map((name, slot) => [name, slot])), new Map());
  }

  /** The same script, variables and macros, for text parsed from a string literal. */
  withSource(source: string): CompilerState {
    const state = new CompilerState(source, this.script, this.slots, this.macros);
    state.compileInterpolation = this.compileInterpolation;
    return state;
  }

  /** The variable slot of `$name`, allocated on first use. */
  slotOf(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(name, slot);
    }
    return slot;
  }

  /** `$name` in generated code. */
  variable(name: string): string {
    return `V[${this.slotOf(name)}]`;
  }

  get slotCount(): number {
    return this.slots.size;
  }

  /** The template text at `pos`, e.g. `$s.substring(9)`, for messages and unknown macro calls. */
  textAt(pos: Position | undefined): string {
    if (pos === undefined) return "";
    const lines = this.source.split("\n").slice(pos.first_line - 1, pos.last_line);
    if (lines.length === 0) return "";
    lines[lines.length - 1] = lines[lines.length - 1].slice(0, pos.last_column);
    lines[0] = lines[0].slice(pos.first_column);
    return lines.join("\n");
  }

  /** `text at line L, column C` for error messages. */
  describe(pos: Position | undefined): string {
    if (pos === undefined) return "template";
    return `${this.textAt(pos)} at line ${pos.first_line}, column ${pos.first_column + 1}`;
  }
}
