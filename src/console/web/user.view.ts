import { append, Child, h, Notice, replaceChildren, time, viewHeading, yesNo } from './dom.js';
import { act, checked, focusHeading, FormErrors, inputField, scopesOf } from './forms.js';
import { AuditEvent, Page, SessionRow, User } from './api.models.js';
import { auditTable, sessionsTable } from './tables.js';
import { ViewContext } from './view.context.js';

/** One user: profile, the form that edits it, sessions, recent audit events, deletion. */
export async function userView(context: ViewContext): Promise<void> {
  const id = Number(context.segments[1]);
  const base = `/api/admin/users/${id}`;
  const user = await context.session.call<User>('GET', base);

  const profile = h('dl', { class: 'profile' });
  const showProfile = (shown: User): void => replaceChildren(profile, ...profileRows(shown));
  showProfile(user);

  const sessions = h('section', { 'aria-labelledby': 'sessions-heading' });
  const sessionsNotice = new Notice();
  const loadSessions = async (): Promise<void> => {
    const rows = await context.session.call<SessionRow[]>('GET', `${base}/sessions`);
    const revokeAll = h('button', { type: 'button', class: 'danger' }, 'Revoke all sessions');
    revokeAll.addEventListener('click', () => {
      void act(sessionsNotice, revokeAll, async () => {
        const { revoked } = await context.session.call<{ revoked: number }>('DELETE', `${base}/sessions`);
        await Promise.all([loadSessions(), loadEvents()]);
        sessionsNotice.info(`${revoked} session${revoked === 1 ? '' : 's'} revoked.`);
      });
    });
    replaceChildren(
      sessions,
      h('h2', { id: 'sessions-heading' }, 'Sessions'),
      sessionsNotice.element,
      sessionsTable(`Live sessions of ${user.username}`, rows, (session, button) => {
        void act(sessionsNotice, button, async () => {
          await context.session.call<void>('DELETE', `/api/admin/sessions/${encodeURIComponent(session.id)}`);
          await Promise.all([loadSessions(), loadEvents()]);
          sessionsNotice.info('Session revoked.');
          focusHeading('sessions-heading');
        });
      }),
      rows.length ? revokeAll : null,
    );
  };

  const events = h('section', { 'aria-labelledby': 'events-heading' });
  const loadEvents = async (): Promise<void> => {
    const page = await context.session.call<Page<AuditEvent>>('GET', `/api/admin/audit?user_id=${id}`);
    replaceChildren(
      events,
      h('h2', { id: 'events-heading' }, 'Audit events'),
      auditTable(`Latest audit events of ${user.username}`, page.results),
      page.count > page.results.length
        ? h('p', {}, h('a', { href: `#/audit?user_id=${id}` }, `All ${page.count} events of ${user.username}`))
        : null,
    );
  };

  await Promise.all([loadSessions(), loadEvents()]);
  append(
    context.section,
    viewHeading(user.username),
    h('p', {}, h('a', { href: '#/users' }, 'Back to users')),
    h('section', { 'aria-labelledby': 'profile-heading' }, h('h2', { id: 'profile-heading' }, 'Profile'), profile),
    editForm(context, base, user, async (saved) => {
      showProfile(saved);
      // Taking away staff, a scope or the active flag ends the user's sessions.
      await Promise.all([loadSessions(), loadEvents()]);
    }),
    sessions,
    events,
    deleteSection(context, base, user),
  );
}

function profileRows(user: User): Child[] {
  const rows: Array<[string, Child]> = [
    ['ID', String(user.id)],
    ['Username', user.username],
    ['Email', user.email || '—'],
    ['Active', yesNo(user.is_active)],
    ['Staff', yesNo(user.is_staff)],
    ['Scopes', user.scopes.join(' ') || '—'],
    ['Last login', time(user.last_login)],
    ['Joined', time(user.date_joined)],
  ];
  return rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]);
}

function editForm(context: ViewContext, base: string, user: User, saved: (user: User) => Promise<void>): HTMLElement {
  const form = 'edit';
  const email = inputField(form, 'email', 'Email', { type: 'email', value: user.email, autocomplete: 'off' });
  const staff = inputField(form, 'is_staff', 'Staff', { type: 'checkbox', checked: user.is_staff });
  const active = inputField(form, 'is_active', 'Active', { type: 'checkbox', checked: user.is_active });
  const scopes = inputField(form, 'scopes', 'Scopes (separated by spaces)', {
    value: user.scopes.join(' '),
    autocomplete: 'off',
  });
  const errors = new FormErrors([email, staff, active, scopes], new Notice());
  const button = h('button', { type: 'submit', class: 'primary' }, 'Save');
  const element = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'edit-heading', class: 'card' },
    h('h2', { id: 'edit-heading' }, 'Edit'),
    h('p', { class: 'hint' }, 'Removing staff, a scope or the active flag signs the user out everywhere.'),
    email.element,
    staff.element,
    active.element,
    scopes.element,
    errors.notice.element,
    button,
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void errors.run(button, async () => {
      const updated = await context.session.call<User>('PATCH', base, {
        email: email.input.value.trim(),
        is_staff: checked(staff),
        is_active: checked(active),
        scopes: scopesOf(scopes),
      });
      await saved(updated);
      errors.notice.info('Saved.');
    });
  });
  return element;
}

function deleteSection(context: ViewContext, base: string, user: User): HTMLElement {
  const notice = new Notice();
  const confirm = h('button', { type: 'button', class: 'danger' }, 'Yes, delete');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'delete-heading', 'aria-describedby': 'delete-text' },
    h('h2', { id: 'delete-heading' }, `Delete ${user.username}?`),
    h('p', { id: 'delete-text' }, 'Their sessions are revoked and the account is removed. This cannot be undone.'),
    h('div', { class: 'actions' }, confirm, cancel),
  );
  const open = h('button', { type: 'button', class: 'danger' }, 'Delete user');
  open.addEventListener('click', () => {
    dialog.showModal();
    cancel.focus();
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => open.focus());
  confirm.addEventListener('click', () => {
    void act(notice, confirm, async () => {
      try {
        await context.session.call<void>('DELETE', base);
      } finally {
        dialog.close();
      }
      context.navigate('/users', `User ${user.username} deleted.`);
    });
  });
  return h(
    'section',
    { 'aria-labelledby': 'delete-section-heading' },
    h('h2', { id: 'delete-section-heading' }, 'Delete'),
    notice.element,
    open,
    dialog,
  );
}
