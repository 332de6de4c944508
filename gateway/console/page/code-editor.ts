/**
 * A plain-text editor with line numbers and, optionally, syntax highlighting: a textarea laid over a
 * highlighted copy of its text, so typing stays native. A line can be marked (where an error is).
 */
import { fill, h } from "./dom.ts";

export class CodeEditor {
  readonly element: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly shown: HTMLElement;
  private readonly gutter: HTMLElement;
  private marked?: number;

  constructor(label: string, private readonly highlight: ((text: string) => Node) | undefined, onInput: () => void) {
    this.textarea = h("textarea", { attrs: { "aria-label": label, spellcheck: "false", wrap: "off", autocapitalize: "off", autocomplete: "off" } });
    this.shown = h("pre", { class: "editor-shown", attrs: { "aria-hidden": "true" } });
    this.gutter = h("pre", { class: "editor-gutter", attrs: { "aria-hidden": "true" } });
    this.element = h("div", { class: "editor" }, this.gutter, h("div", { class: "editor-area" }, this.shown, this.textarea));
    this.textarea.addEventListener("input", () => {
      this.refresh();
      onInput();
    });
    this.textarea.addEventListener("scroll", () => {
      this.shown.scrollTop = this.gutter.scrollTop = this.textarea.scrollTop;
      this.shown.scrollLeft = this.textarea.scrollLeft;
    });
  }

  get value(): string {
    return this.textarea.value;
  }

  set value(text: string) {
    this.textarea.value = text;
    this.refresh();
  }

  /** Marks a line (from 1), or none. */
  mark(line: number | undefined): void {
    this.marked = line;
    this.refreshGutter();
  }

  /** Puts the caret at a line and column (from 1). */
  goTo(line: number, column: number): void {
    const lines = this.textarea.value.split("\n");
    const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
    this.textarea.focus();
    this.textarea.setSelectionRange(offset, offset);
  }

  private refresh(): void {
    // The trailing newline keeps the copy as tall as the textarea when the text ends in one.
    const text = `${this.textarea.value}\n`;
    fill(this.shown, this.highlight ? this.highlight(text) : text);
    this.refreshGutter();
  }

  private refreshGutter(): void {
    const count = this.textarea.value.split("\n").length;
    fill(this.gutter, Array.from({ length: count }, (_, i) =>
      h("span", { class: i + 1 === this.marked ? "marked" : undefined }, `${i + 1}\n`)));
  }
}
