import { append, h, Notice, viewHeading, yesNo } from './dom.js';
import { checked, FormErrors, inputField, scopesOf } from './forms.js';
import { Page, User } from './api.models.js';
import { cell, pager, table } from './tables.js';
import { pageOf, routeOf, ViewContext } from './view.context.js';

/** Users: search, a page of them, and the form that creates one. */
export async function usersView(context: ViewContext): Promise<void> {
  const search = context.params.get('search') ?? '';
  const page = pageOf(context.params);
  const query = new URLSearchParams({ page: String(page) });
  if (search) query.set('search', search);
  const users = await context.session.call<Page<User>>('GET', `/api/admin/users?${query.toString()}`);

  const searchInput = h('input', { id: 'user-search', type: 'search', name: 'search', value: search });
  const searchForm = h(
    'form',
    { role: 'search', class: 'inline-form', novalidate: true },
    h('label', { for: 'user-search' }, 'Search users'),
    searchInput,
    h('button', { type: 'submit' }, 'Search'),
  );
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    context.navigate(routeOf('/users', { search: searchInput.value.trim() }));
  });

  const rows = users.results.map((user) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('a', { href: `#/users/${user.id}` }, user.username)),
      cell(user.email || '—'),
      cell(yesNo(user.is_staff)),
      cell(yesNo(user.is_active)),
      cell(user.scopes.join(' ') || '—'),
    ),
  );
  const caption = search ? `Users matching “${search}”` : 'All users';
  append(
    context.section,
    viewHeading('Users'),
    searchForm,
    table(caption, ['Username', 'Email', 'Staff', 'Active', 'Scopes'], rows, search ? 'No user matches.' : 'No users.'),
    pager('Pages of users', page, users.count, (to) => context.navigate(routeOf('/users', { search, page: to }))),
    createUserForm(context),
  );
}

function createUserForm(context: ViewContext): HTMLElement {
  const form = 'create';
  const username = inputField(form, 'username', 'Username', { autocomplete: 'off', required: true });
  const password = inputField(form, 'password', 'Password', {
    type: 'password',
    autocomplete: 'new-password',
    required: true,
  });
  const email = inputField(form, 'email', 'Email', { type: 'email', autocomplete: 'off' });
  const staff = inputField(form, 'is_staff', 'Staff', { type: 'checkbox' });
  const scopes = inputField(form, 'scopes', 'Scopes (separated by spaces)', { autocomplete: 'off' });
  const errors = new FormErrors([username, password, email, staff, scopes], new Notice());
  const button = h('button', { type: 'submit', class: 'primary' }, 'Create user');
  const element = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'create-user-heading', class: 'card' },
    h('h2', { id: 'create-user-heading' }, 'Create a user'),
    username.element,
    password.element,
    email.element,
    staff.element,
    scopes.element,
    errors.notice.element,
    button,
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void errors.run(button, async () => {
      const body: Record<string, unknown> = {
        username: username.input.value,
        password: password.input.value,
        is_staff: checked(staff),
        scopes: scopesOf(scopes),
      };
      if (email.input.value.trim()) body.email = email.input.value.trim();
      const user = await context.session.call<User>('POST', '/api/admin/users', body);
      context.navigate(`/users/${user.id}`, `User ${user.username} created.`);
    });
  });
  return element;
}
