import { append, h, Notice, viewHeading } from './dom.js';
import { FormErrors, inputField, selectField } from './forms.js';
import { AUDIT_EVENTS, AuditEvent, Page } from './api.models.js';
import { auditTable, pager } from './tables.js';
import { pageOf, routeOf, ViewContext } from './view.context.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The audit log, newest first, filtered by user, event and a range of days (UTC). */
export async function auditView(context: ViewContext): Promise<void> {
  const filter = {
    user_id: context.params.get('user_id') ?? '',
    event: context.params.get('event') ?? '',
    since: context.params.get('since') ?? '',
    until: context.params.get('until') ?? '',
  };
  const page = pageOf(context.params);

  const form = 'audit';
  const user = inputField(form, 'user_id', 'User ID', {
    inputmode: 'numeric',
    value: filter.user_id,
    autocomplete: 'off',
  });
  const event = selectField(form, 'event', 'Event', [
    ['', 'Any event'],
    ...AUDIT_EVENTS.map((name): [string, string] => [name, name]),
  ]);
  event.input.value = filter.event;
  const since = inputField(form, 'since', 'From (UTC)', { type: 'date', value: filter.since });
  const until = inputField(form, 'until', 'To (UTC)', { type: 'date', value: filter.until });
  const errors = new FormErrors([user, event, since, until], new Notice());
  const apply = h('button', { type: 'submit', class: 'primary' }, 'Apply filters');
  const clear = h('a', { href: '#/audit', class: 'button-link' }, 'Clear filters');
  const filters = h(
    'form',
    { novalidate: true, class: 'filters', 'aria-label': 'Filter the audit log' },
    user.element,
    event.element,
    since.element,
    until.element,
    h('div', { class: 'actions' }, apply, clear),
    errors.notice.element,
  );
  filters.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    context.navigate(
      routeOf('/audit', {
        user_id: user.input.value.trim(),
        event: event.input.value,
        since: since.input.value,
        until: until.input.value,
      }),
    );
  });

  const query = new URLSearchParams({ page: String(page) });
  if (filter.user_id) query.set('user_id', filter.user_id);
  if (filter.event) query.set('event', filter.event);
  // Whole days in UTC: from the first instant of the first day to the last of the last.
  if (filter.since) query.set('since', DAY.test(filter.since) ? `${filter.since}T00:00:00Z` : filter.since);
  if (filter.until) query.set('until', DAY.test(filter.until) ? `${filter.until}T23:59:59.999Z` : filter.until);

  append(context.section, viewHeading('Audit log'), filters);
  let events: Page<AuditEvent>;
  try {
    events = await context.session.call<Page<AuditEvent>>('GET', `/api/admin/audit?${query.toString()}`);
  } catch (failure) {
    errors.show(failure);
    return;
  }
  append(
    context.section,
    auditTable('Audit events, newest first', events.results),
    pager('Pages of audit events', page, events.count, (to) =>
      context.navigate(routeOf('/audit', { ...filter, page: to })),
    ),
  );
}
