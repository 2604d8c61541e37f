import { Claims, Session } from './admin.session.js';
import { ApiFailure, Refusal } from './api.failure.js';
import { h, Notice, replaceChildren } from './dom.js';
import { FormErrors, inputField } from './forms.js';

/** The sign-in form; `signedIn` runs with the new session's claims. */
export function renderSignIn(
  root: HTMLElement,
  session: Session,
  message: string,
  signedIn: (claims: Claims) => void,
): void {
  const username = inputField('sign-in', 'username', 'Username', { autocomplete: 'username', required: true });
  const password = inputField('sign-in', 'password', 'Password', {
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const notice = new Notice();
  if (message) notice.info(message);
  const errors = new FormErrors([username, password], notice);
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'sign-in-heading' },
    username.element,
    password.element,
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void errors
      .run(button, async () => {
        try {
          signedIn(await session.signIn(username.input.value, password.input.value));
        } catch (failure) {
          // A refused login is not an ended session: say what SimpleJWT says, in plain words.
          if (failure instanceof ApiFailure && failure.status === 401) {
            throw new Refusal('Wrong username or password, or the account is inactive.');
          }
          throw failure;
        }
      })
      .then((succeeded) => {
        if (!succeeded && !username.input.getAttribute('aria-invalid')) password.input.focus();
      });
  });
  replaceChildren(
    root,
    h(
      'main',
      { class: 'narrow' },
      h('h1', { id: 'sign-in-heading' }, 'Sign in to the admin console'),
      h('p', {}, 'For staff accounts of this service.'),
      notice.element,
      form,
    ),
  );
  username.input.focus();
}

/** All a non-staff account gets to see. */
export function renderNotStaff(root: HTMLElement): void {
  replaceChildren(
    root,
    h('main', { class: 'narrow' }, h('p', { role: 'alert' }, 'This console needs a staff account.')),
  );
}
