// Tiny DOM helpers: every element is built with DOM APIs (no innerHTML, no style attributes), which
// is what the panel's Content Security Policy allows.

export type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  data?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title) node.title = options.title;
  for (const [k, v] of Object.entries(options.attrs ?? {})) node.setAttribute(k, v);
  for (const [k, v] of Object.entries(options.data ?? {})) node.dataset[k] = v;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node as T;
}

/** A small colour swatch (CSSOM style, allowed by the CSP unlike a style attribute). */
export function swatch(color: string, dashed = false): HTMLSpanElement {
  const node = el('span', { className: dashed ? 'swatch dashed' : 'swatch' });
  node.style.setProperty('--swatch', color);
  return node;
}

export function replaceChildren(parent: Element, children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}
