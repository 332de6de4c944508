/**
 * VTL syntax highlighting: the template is cut into tokens (comments, directives, references, string
 * literals, plain text) shown as spans of text.
 */
import { h } from "./dom.ts";

type TokenKind = "comment" | "directive" | "reference" | "string" | "text";

const TOKENS: readonly (readonly [TokenKind, RegExp])[] = [
  ["comment", /##[^\n]*|#\*[\s\S]*?(?:\*#|$)|#\[\[[\s\S]*?(?:\]\]#|$)/y],
  ["directive", /#\{?(?:set|if|elseif|else|end|foreach|break|stop|macro|define|evaluate|parse|include)\b\}?/y],
  ["reference", /\$!?\{?[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*\}?/y],
  ["string", /"(?:[^"\\\n]|\\.)*"|'[^'\n]*'/y],
];

/** Plain text runs up to the next character that may start a token. */
const TEXT = /[^#$"']+|[\s\S]/y;

function vtlTokens(source: string): { kind: TokenKind; text: string }[] {
  const tokens: { kind: TokenKind; text: string }[] = [];
  let at = 0;
  while (at < source.length) {
    let matched: { kind: TokenKind; text: string } | undefined;
    for (const [kind, pattern] of TOKENS) {
      pattern.lastIndex = at;
      const text = pattern.exec(source)?.[0];
      if (text) {
        matched = { kind, text };
        break;
      }
    }
    if (matched === undefined) {
      TEXT.lastIndex = at;
      matched = { kind: "text", text: TEXT.exec(source)?.[0] ?? source[at] };
    }
    const last = tokens.at(-1);
    if (matched.kind === "text" && last?.kind === "text") last.text += matched.text;
    else tokens.push(matched);
    at += matched.text.length;
  }
  return tokens;
}

export function highlightVtl(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const token of vtlTokens(source)) {
    fragment.append(token.kind === "text" ? document.createTextNode(token.text) : h("span", { class: `vtl-${token.kind}` }, token.text));
  }
  return fragment;
}
