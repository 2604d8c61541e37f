import { Child, h, time } from './dom.js';
import { AuditEvent, PAGE_SIZE, SessionRow } from './api.models.js';

/** Previous/next buttons under a paginated table, with where the reader is. */
export function pager(label: string, page: number, count: number, go: (page: number) => void): HTMLElement {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  return h(
    'nav',
    { class: 'pager', 'aria-label': label },
    h('button', { type: 'button', disabled: page <= 1, onclick: () => go(page - 1) }, 'Previous page'),
    h('span', {}, `Page ${Math.min(page, pages)} of ${pages} (${count} in all)`),
    h('button', { type: 'button', disabled: page >= pages, onclick: () => go(page + 1) }, 'Next page'),
  );
}

export function table(caption: string, headers: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, ...rows),
    ),
  );
}

export function cell(...children: Child[]): HTMLTableCellElement {
  return h('td', {}, ...children);
}

/** Sessions with their details and a "Revoke" button each. */
export function sessionsTable(
  caption: string,
  sessions: SessionRow[],
  revoke: (session: SessionRow, button: HTMLButtonElement) => void,
): HTMLElement {
  const rows = sessions.map((session) => {
    const button = h('button', { type: 'button', class: 'danger' }, 'Revoke');
    button.addEventListener('click', () => revoke(session, button));
    return h(
      'tr',
      { 'data-session': session.id },
      cell(time(session.created_at), session.current ? h('span', { class: 'badge' }, ' (this session)') : null),
      cell(time(session.last_used_at)),
      cell(time(session.expires_at)),
      cell(session.ip ?? '—'),
      cell(h('span', { class: 'agent' }, session.user_agent ?? '—')),
      cell(button),
    );
  });
  return table(caption, ['Created', 'Last used', 'Expires', 'IP', 'User agent', 'Action'], rows, 'No live sessions.');
}

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function auditTable(caption: string, events: AuditEvent[]): HTMLElement {
  const rows = events.map((event) =>
    h(
      'tr',
      {},
      cell(time(event.at)),
      cell(h('code', {}, event.event)),
      cell(event.user_id === null ? '—' : h('a', { href: `#/users/${event.user_id}` }, `#${event.user_id}`)),
      cell(event.sid ? h('code', { title: event.sid }, event.sid.slice(0, 8)) : '—'),
      cell(event.ip ?? '—'),
      cell(h('span', { class: 'agent' }, event.user_agent ?? '—')),
      cell(detailText(event.detail) || '—'),
    ),
  );
  return table(caption, ['Time', 'Event', 'User', 'Session', 'IP', 'User agent', 'Detail'], rows, 'No events.');
}
