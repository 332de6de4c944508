/**
 * Generates the statements of template text and directives (`#if`, `#foreach`, `#set`, `#macro`,
 * `#define`, `#break`): they append to `F.out` or change variables (`V[slot]`).
 */
import { VtlParseError } from "./errors.ts";
import { expression, locationOf, reference, setStatement } from "./expressions.ts";
import type { BlockNode, CompilerState, DirectiveNode, MacroCallNode, TemplateNode } from "./nodes.ts";

/**
 * Iterations one `#foreach` may run.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export const MAX_FOREACH_ITERATIONS = 1000;

/** Registers every `#macro` in the tree (Velocity makes inline macros template-wide), then generates their bodies. */
export function registerMacros(nodes: readonly TemplateNode[], state: CompilerState): void {
  const found: BlockNode[] = [];
  collectMacros(nodes, found);
  const declared = found.map(([head, ...body]) => {
    const name = state.script.declare();
    state.macros.set(head.id ?? "", { parameterSlots: (head.args ?? []).map((arg) => state.slotOf(arg.id)), body: name });
    return { name, body };
  });
  for (const { name, body } of declared) state.script.define(name, () => statements(body, state));
}

function collectMacros(nodes: readonly TemplateNode[], found: BlockNode[]): void {
  for (const node of nodes) {
    if (!Array.isArray(node)) continue;
    const block = node as BlockNode;
    if (block[0].type === "macro") found.push(block);
    collectMacros(block.slice(1), found);
  }
}

/** The statements of a list of nodes; adjacent text is appended at once. */
export function statements(nodes: readonly TemplateNode[], state: CompilerState): string {
  let code = "";
  let text = "";
  for (const node of nodes) {
    if (typeof node === "string" || (!Array.isArray(node) && (node as DirectiveNode).type === "raw")) {
      text += typeof node === "string" ? node : ((node as DirectiveNode).value ?? "");
      continue;
    }
    const statement = nodeStatement(node, state);
    if (statement === "") continue;
    code += append(text) + statement;
    text = "";
  }
  return code + append(text);
}

function append(text: string): string {
  return text === "" ? "" : `F.out += ${JSON.stringify(text)};\n`;
}

function nodeStatement(node: Exclude<TemplateNode, string>, state: CompilerState): string {
  if (Array.isArray(node)) return block(node as BlockNode, state);
  const statement = node as Exclude<TemplateNode, string | BlockNode>;
  switch (statement.type) {
    case "references":
      return `F.out += renderValue(${reference(statement, state)});\n`;
    case "set":
      return setStatement(statement, state);
    case "macro_call":
      return macroCall(statement, state);
    case "break":
      return "throw BREAK_SIGNAL;\n";
    case "comment":
      return "";
    default:
      throw new VtlParseError(`unsupported directive #${statement.type}`, locationOf(statement.pos));
  }
}

function block(node: BlockNode, state: CompilerState): string {
  const [head, ...children] = node;
  switch (head.type) {
    case "if":
      return ifStatement(node, state);
    case "foreach":
      return foreach(head, children, state);
    case "define":
      return `${state.variable(head.id ?? "")} = new DefinedBlock(${state.script.function(() => statements(children, state))}, F);\n`;
    case "noescape":
      return statements(children, state);
    case "macro":
      return "";
    default:
      throw new VtlParseError(`unsupported block #${head.type}`, locationOf(head.pos));
  }
}

function ifStatement(node: BlockNode, state: CompilerState): string {
  const branches: { condition: string | undefined; children: TemplateNode[] }[] = [];
  for (const child of node) {
    const type = typeof child === "object" && !Array.isArray(child) ? (child as DirectiveNode).type : undefined;
    if (type === "if" || type === "elseif" || type === "else") {
      const condition = (child as DirectiveNode).condition;
      branches.push({ condition: condition && expression(condition, state), children: [] });
    } else {
      branches[branches.length - 1].children.push(child);
    }
  }
  let code = "";
  for (const { condition, children } of branches) {
    const body = `{\n${statements(children, state)}}`;
    if (condition === undefined) return `${code}${code === "" ? "" : " else "}${body}\n`;
    code += `${code === "" ? "" : " else "}if (isTruthy(${condition})) ${body}`;
  }
  return `${code}\n`;
}

/** `#foreach`: loop variable and `$foreach` live in the template's variables and are restored afterwards (Velocity 1.7). */
function foreach(head: DirectiveNode, children: readonly TemplateNode[], state: CompilerState): string {
  const { script } = state;
  const items = expression(head.from as NonNullable<DirectiveNode["from"]>, state);
  const [item, scope, count] = [state.variable(head.to ?? ""), state.variable("foreach"), state.variable("velocityCount")];
  const [list, index, loop, savedItem, savedScope, savedCount] = [script.temp(), script.temp(), script.temp(), script.temp(), script.temp(), script.temp()];
  const limit = script.constant(`${state.describe(head.pos)}: #foreach exceeded ${MAX_FOREACH_ITERATIONS} iterations (API Gateway limit)`);
  return `${list} = iterationItems(${items});
if (${list} !== undefined && ${list}.length !== 0) {
${savedItem} = ${item}; ${savedScope} = ${scope}; ${savedCount} = ${count};
${loop} = new ForeachScope(${savedScope} instanceof ForeachScope ? ${savedScope} : undefined, ${list}.length);
${scope} = ${loop};
try {
for (${index} = 0; ${index} < ${list}.length; ${index}++) {
if (${index} === ${MAX_FOREACH_ITERATIONS}) throw new VtlLimitError(${limit});
${loop}.index = ${index}; ${item} = ${list}[${index}]; ${count} = ${index} + 1;
${statements(children, state)}}
} catch (e) {
if (e !== BREAK_SIGNAL) throw e;
} finally {
${item} = ${savedItem}; ${scope} = ${savedScope}; ${count} = ${savedCount};
}
}
`;
}

/** `#name(args)`: a macro call; an unknown macro renders as its source text, as in Velocity. */
function macroCall(node: MacroCallNode, state: CompilerState): string {
  const macro = state.macros.get(node.id);
  if (macro === undefined) return append(state.textAt(node.pos));
  const { script } = state;
  const args = (node.args ?? []).map((arg) => expression(arg, state)).join(", ");
  return `checkMacroDepth(F, ${script.constant(state.describe(node.pos))});
callMacro(F, ${macro.body}, ${script.constant(macro.parameterSlots)}, [${args}]);\n`;
}
