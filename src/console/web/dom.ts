/**
 * The few DOM helpers the console is built from. Text always goes in as text nodes, never as
 * markup, so nothing the API returns can become a script; listeners are attached in code,
 * since the page's Content-Security-Policy refuses inline handlers.
 */
export type Child = Node | string | number | null | undefined | false;
type AttributeValue = string | number | boolean | null | undefined;
export type Attributes = Record<string, AttributeValue | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked') Object.assign(element, { [name]: value });
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** `2026-12-01T18:43:05.123Z` as `2026-12-01 18:43:05 UTC`, in a `<time>` element. */
export function time(iso: string | null): Child {
  if (!iso) return '—';
  return h('time', { datetime: iso }, `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`);
}

export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** The heading a view starts with; focused after navigation, so that keyboard and screen reader users land on it. */
export function viewHeading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: -1, id: 'view-heading' }, text);
}

/** A message line for a form or a view: polite for news, assertive for errors. */
export class Notice {
  readonly element = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });

  info(text: string): void {
    this.show(text, 'info');
  }

  error(text: string): void {
    this.show(text, 'error');
  }

  clear(): void {
    this.element.textContent = '';
    this.element.className = 'notice';
  }

  private show(text: string, kind: 'info' | 'error'): void {
    this.element.className = `notice notice-${kind}`;
    this.element.textContent = text;
  }
}
