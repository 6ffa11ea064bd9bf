/**
 * Building DOM without HTML strings. Every piece of data reaches the page as a text node or an attribute set through
 * the DOM API, so a sweep named `<script>alert(1)</script>` shows up as those characters. There is no innerHTML here.
 */
export type Child = Node | string | number | null | undefined | false | Child[];

export interface Props {
  class?: string;
  title?: string;
  /** Attributes set with setAttribute (never `on*`, never a URL built from data without `hashHref`). */
  attrs?: Record<string, string | number | boolean | undefined>;
  data?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else
      parent.appendChild(
        typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
      );
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.title) element.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`refusing to set event attribute ${name}`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [key, value] of Object.entries(props.data ?? {})) element.dataset[key] = value;
  for (const [type, listener] of Object.entries(props.on ?? {}))
    element.addEventListener(type, listener as EventListener);
  append(element, ...children);
  return element;
}

/** An in-app link: `#/` plus path segments, each URI-encoded (no data can become a `javascript:` URL). */
export function hashHref(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function link(text: Child, ...segments: string[]): HTMLAnchorElement {
  return h('a', { attrs: { href: hashHref(...segments) } }, text);
}

export function clear(element: Element): void {
  element.replaceChildren();
}

/** Replaces an element's children (nulls and falses skipped, like `h`). */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
