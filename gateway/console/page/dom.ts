/**
 * Builds the page from text only: every value becomes a text node or an attribute, never markup, so a
 * request value such as `<img src=x onerror=…>` is shown as the characters it is.
 */

export type Child = Node | string | number | false | null | undefined | readonly Child[];

export interface Props {
  readonly class?: string;
  readonly title?: string;
  readonly href?: string;
  readonly download?: string;
  readonly type?: string;
  readonly hidden?: boolean;
  /** Other attributes, e.g. `aria-label`. */
  readonly attrs?: Readonly<Record<string, string>>;
  readonly on?: { readonly [E in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[E]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props) {
    const { class: className, title, href, download, type, hidden, attrs, on } = props;
    if (className) element.className = className;
    if (title !== undefined) element.title = title;
    if (href !== undefined) element.setAttribute("href", href);
    if (download !== undefined) element.setAttribute("download", download);
    if (type !== undefined) element.setAttribute("type", type);
    if (hidden) element.hidden = true;
    for (const [name, value] of Object.entries(attrs ?? {})) element.setAttribute(name, value);
    for (const [name, listener] of Object.entries(on ?? {})) element.addEventListener(name, listener as EventListener);
  }
  append(element, children);
  return element;
}

/** Replaces an element's content. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren();
  append(element, children);
}

function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}
