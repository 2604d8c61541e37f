import { Claims, Session } from './admin.session.js';
import { describeFailure, SessionEnded } from './api.failure.js';
import { auditView } from './audit.view.js';
import { h, Notice, replaceChildren } from './dom.js';
import { mySessionsView } from './my-sessions.view.js';
import { renderNotStaff, renderSignIn } from './sign-in.view.js';
import { userView } from './user.view.js';
import { usersView } from './users.view.js';
import { View, ViewContext } from './view.context.js';

const session = new Session();
const root = document.getElementById('app') as HTMLElement;
const NAVIGATION: Array<[string, string]> = [
  ['#/users', 'Users'],
  ['#/audit', 'Audit log'],
  ['#/sessions', 'My sessions'],
];

let shell: { main: HTMLElement; notice: Notice; links: HTMLAnchorElement[] } | null = null;
let pendingMessage = '';
let routing = 0;

function showSignIn(message: string): void {
  shell = null;
  renderSignIn(root, session, message, (claims) => void signedIn(claims));
}

async function signedIn(claims: Claims): Promise<void> {
  if (!claims.is_staff) {
    // The session it just opened is of no use here: end it rather than leave it in the cookie.
    await session.signOut();
    renderNotStaff(root);
    return;
  }
  renderShell(claims);
  await route();
}

function renderShell(claims: Claims): void {
  const links = NAVIGATION.map(([href, text]) => h('a', { href }, text));
  const signOut = h('button', { type: 'button' }, 'Sign out');
  signOut.addEventListener('click', () => {
    signOut.disabled = true;
    void session.signOut().then(() => showSignIn('You are signed out.'));
  });
  const notice = new Notice();
  const main = h('main', { id: 'main' });
  replaceChildren(
    root,
    h(
      'header',
      { class: 'bar' },
      h('p', { class: 'brand' }, 'token-service admin'),
      h('nav', { 'aria-label': 'Console' }, h('ul', {}, ...links.map((link) => h('li', {}, link)))),
      h('p', { class: 'who' }, 'Signed in as ', h('strong', {}, claims.name)),
      signOut,
    ),
    h('div', { class: 'page' }, notice.element, main),
  );
  shell = { main, notice, links };
}

function pick(segments: string[]): View | null {
  const [first, second] = segments;
  if (first === 'users' && second === undefined) return usersView;
  if (first === 'users' && /^\d+$/.test(second ?? '') && segments.length === 2) return userView;
  if (first === 'audit' && second === undefined) return auditView;
  if (first === 'sessions' && second === undefined) return mySessionsView;
  return null;
}

async function route(): Promise<void> {
  if (!shell) return;
  const current = shell;
  const ticket = ++routing;
  const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?');
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) {
    history.replaceState(null, '', '#/users');
    segments.push('users');
  }
  for (const link of current.links) {
    if (link.hash === `#/${segments[0]}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  current.notice.clear();
  if (pendingMessage) current.notice.info(pendingMessage);
  pendingMessage = '';
  const section = h('div', { class: 'view', 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
  current.main.replaceChildren(section);
  const view = pick(segments);
  const context: ViewContext = {
    session,
    section,
    segments,
    params: new URLSearchParams(query),
    notice: current.notice,
    navigate,
  };
  try {
    section.replaceChildren();
    if (view) await view(context);
    else
      section.append(
        h('h1', { tabindex: -1, id: 'view-heading' }, 'Page not found'),
        h('p', {}, h('a', { href: '#/users' }, 'Go to the users')),
      );
  } catch (failure) {
    if (failure instanceof SessionEnded || ticket !== routing) return;
    section.replaceChildren(
      h('h1', { tabindex: -1, id: 'view-heading' }, 'This page could not be loaded'),
      h('p', { class: 'notice notice-error', role: 'alert' }, describeFailure(failure)),
      h('p', {}, h('button', { type: 'button', onclick: () => void route() }, 'Try again')),
    );
  }
  section.removeAttribute('aria-busy');
  if (ticket === routing) document.getElementById('view-heading')?.focus();
}

function navigate(target: string, message = ''): void {
  pendingMessage = message;
  const hash = `#${target}`;
  if (location.hash === hash) void route();
  else location.hash = hash;
}

window.addEventListener('hashchange', () => void route());
session.onEnded = showSignIn;

async function start(): Promise<void> {
  try {
    const claims = await session.resume();
    if (claims) await signedIn(claims);
    else showSignIn('');
  } catch (failure) {
    showSignIn(describeFailure(failure));
  }
}

void start();
