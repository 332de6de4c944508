/**
 * Compiles template text and directives (`#if`, `#foreach`, `#set`, `#macro`, `#define`, `#break`)
 * into closures that append to the frame's output.
 */
import { VtlLimitError, VtlParseError, VtlRenderError } from "./errors.ts";
import { compileExpression, compileReference, compileSet, locationOf } from "./expressions.ts";
import { iterationItems, isTruthy, renderValue } from "./java-values.ts";
import { DefinedBlock, ForeachScope } from "./scopes.ts";
import { BREAK_SIGNAL } from "./nodes.ts";
import type { BlockNode, CompilerState, DirectiveNode, Emit, Evaluate, MacroCallNode, MacroDefinition, TemplateNode } from "./nodes.ts";

/**
 * Iterations one `#foreach` may run.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export const MAX_FOREACH_ITERATIONS = 1000;
/** Velocity's default `velocimacro.max.depth`. */
const MAX_MACRO_DEPTH = 20;

const doNothing: Emit = () => {};

/** Registers every `#macro` in the tree (Velocity makes inline macros template-wide), then compiles their bodies. */
export function registerMacros(nodes: readonly TemplateNode[], state: CompilerState): void {
  const found: BlockNode[] = [];
  collectMacros(nodes, found);
  const declared = found.map(([head, ...body]) => {
    const macro: MacroDefinition = { parameterSlots: (head.args ?? []).map((arg) => state.slotOf(arg.id)), body: doNothing };
    state.macros.set(head.id ?? "", macro);
    return { macro, body };
  });
  for (const { macro, body } of declared) macro.body = compileNodes(body, state);
}

function collectMacros(nodes: readonly TemplateNode[], found: BlockNode[]): void {
  for (const node of nodes) {
    if (!Array.isArray(node)) continue;
    const block = node as BlockNode;
    if (block[0].type === "macro") found.push(block);
    collectMacros(block.slice(1), found);
  }
}

/** Compiles a list of nodes into one Emit; adjacent text is merged. */
export function compileNodes(nodes: readonly TemplateNode[], state: CompilerState): Emit {
  const emits: Emit[] = [];
  let text = "";
  for (const node of nodes) {
    if (typeof node === "string" || (!Array.isArray(node) && (node as DirectiveNode).type === "raw")) {
      text += typeof node === "string" ? node : ((node as DirectiveNode).value ?? "");
      continue;
    }
    const emit = compileNode(node, state);
    if (emit === doNothing) continue;
    if (text !== "") emits.push(appendText(text));
    text = "";
    emits.push(emit);
  }
  if (text !== "") emits.push(appendText(text));
  if (emits.length <= 1) return emits[0] ?? doNothing;
  return (frame) => {
    for (let index = 0; index < emits.length; index++) emits[index](frame);
  };
}

function appendText(text: string): Emit {
  return (frame) => {
    frame.out += text;
  };
}

function compileNode(node: Exclude<TemplateNode, string>, state: CompilerState): Emit {
  if (Array.isArray(node)) return compileBlock(node as BlockNode, state);
  const statement = node as Exclude<TemplateNode, string | BlockNode>;
  switch (statement.type) {
    case "references":
      return compileOutput(compileReference(statement, state));
    case "set":
      return compileSet(statement, state);
    case "macro_call":
      return compileMacroCall(statement, state);
    case "break":
      return () => {
        throw BREAK_SIGNAL;
      };
    case "comment":
      return doNothing;
    default:
      throw new VtlParseError(`unsupported directive #${statement.type}`, locationOf(statement.pos));
  }
}

function compileOutput(evaluate: Evaluate): Emit {
  return (frame) => {
    frame.out += renderValue(evaluate(frame));
  };
}

function compileBlock(block: BlockNode, state: CompilerState): Emit {
  const [head, ...children] = block;
  switch (head.type) {
    case "if":
      return compileIf(block, state);
    case "foreach":
      return compileForeach(head, children, state);
    case "define":
      return compileDefine(head, children, state);
    case "noescape":
      return compileNodes(children, state);
    case "macro":
      return doNothing;
    default:
      throw new VtlParseError(`unsupported block #${head.type}`, locationOf(head.pos));
  }
}

function compileIf(block: BlockNode, state: CompilerState): Emit {
  const branches: { condition: Evaluate | undefined; children: TemplateNode[] }[] = [];
  for (const node of block) {
    const type = typeof node === "object" && !Array.isArray(node) ? (node as DirectiveNode).type : undefined;
    if (type === "if" || type === "elseif" || type === "else") {
      const condition = (node as DirectiveNode).condition;
      branches.push({ condition: condition && compileExpression(condition, state), children: [] });
    } else {
      branches[branches.length - 1].children.push(node);
    }
  }
  const compiled = branches.map(({ condition, children }) => ({ condition, body: compileNodes(children, state) }));
  return (frame) => {
    for (let index = 0; index < compiled.length; index++) {
      const { condition, body } = compiled[index];
      if (condition === undefined || isTruthy(condition(frame))) {
        body(frame);
        return;
      }
    }
  };
}

/** `#foreach`: loop variable and `$foreach` live in the template's variables and are restored afterwards (Velocity 1.7). */
function compileForeach(head: DirectiveNode, children: readonly TemplateNode[], state: CompilerState): Emit {
  const items = compileExpression(head.from as NonNullable<DirectiveNode["from"]>, state);
  const itemSlot = state.slotOf(head.to ?? "");
  const scopeSlot = state.slotOf("foreach");
  const countSlot = state.slotOf("velocityCount");
  const body = compileNodes(children, state);
  const where = state.describe(head.pos);
  return (frame) => {
    const list = iterationItems(items(frame));
    if (list === undefined || list.length === 0) return;
    const { vars } = frame;
    const [savedItem, savedScope, savedCount] = [vars[itemSlot], vars[scopeSlot], vars[countSlot]];
    const scope = new ForeachScope(savedScope instanceof ForeachScope ? savedScope : undefined, list.length);
    vars[scopeSlot] = scope;
    try {
      for (let index = 0; index < list.length; index++) {
        if (index === MAX_FOREACH_ITERATIONS) {
          throw new VtlLimitError(`${where}: #foreach exceeded ${MAX_FOREACH_ITERATIONS} iterations (API Gateway limit)`);
        }
        scope.index = index;
        vars[itemSlot] = list[index];
        vars[countSlot] = index + 1;
        body(frame);
      }
    } catch (error) {
      if (error !== BREAK_SIGNAL) throw error;
    } finally {
      vars[itemSlot] = savedItem;
      vars[scopeSlot] = savedScope;
      vars[countSlot] = savedCount;
    }
  };
}

function compileDefine(head: DirectiveNode, children: readonly TemplateNode[], state: CompilerState): Emit {
  const slot = state.slotOf(head.id ?? "");
  const body = compileNodes(children, state);
  return (frame) => {
    frame.vars[slot] = new DefinedBlock(body, frame);
  };
}

/** `#name(args)`: arguments are bound by value; an unknown macro renders as its source text, as in Velocity. */
function compileMacroCall(node: MacroCallNode, state: CompilerState): Emit {
  const macro = state.macros.get(node.id);
  if (macro === undefined) return appendText(state.textAt(node.pos));
  const args = (node.args ?? []).map((arg) => compileExpression(arg, state));
  const where = state.describe(node.pos);
  return (frame) => {
    if (frame.depth >= MAX_MACRO_DEPTH) throw new VtlRenderError(`${where}: macros nested deeper than ${MAX_MACRO_DEPTH}`);
    const values = args.map((arg) => arg(frame));
    const slots = macro.parameterSlots;
    const saved = slots.map((slot) => frame.vars[slot]);
    slots.forEach((slot, index) => (frame.vars[slot] = values[index]));
    frame.depth++;
    try {
      macro.body(frame);
    } catch (error) {
      if (error !== BREAK_SIGNAL) throw error;
    } finally {
      frame.depth--;
      slots.forEach((slot, index) => (frame.vars[slot] = saved[index]));
    }
  };
}
