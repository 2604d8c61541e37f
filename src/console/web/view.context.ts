import { Session } from './admin.session.js';
import { Notice } from './dom.js';

/** What a view gets from the shell: where to draw, the route's parameters, the session. */
export interface ViewContext {
  session: Session;
  /** The view's own element; detached once the admin has moved on, so late answers draw nowhere. */
  section: HTMLElement;
  /** The path segments after `#/` and the query of the route. */
  segments: string[];
  params: URLSearchParams;
  /** The shell's message line, above every view. */
  notice: Notice;
  navigate(route: string, message?: string): void;
}

export type View = (context: ViewContext) => Promise<void>;

/** `#/route?query` from parameters, leaving out the empty ones. */
export function routeOf(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '' && !(name === 'page' && Number(value) === 1))
      query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function pageOf(params: URLSearchParams, name = 'page'): number {
  const page = Number(params.get(name));
  return Number.isInteger(page) && page > 0 ? page : 1;
}
