import { append, h, Notice, replaceChildren, viewHeading } from './dom.js';
import { SessionRow } from './api.models.js';
import { sessionsTable } from './tables.js';
import { act, focusHeading } from './forms.js';
import { ViewContext } from './view.context.js';

/** The signed-in admin's own sessions; revoking the current one signs this page out. */
export async function mySessionsView(context: ViewContext): Promise<void> {
  const notice = new Notice();
  const list = h('div');
  const ended = (message: string): void => {
    context.session.forget();
    context.session.onEnded(message);
  };
  const load = async (): Promise<void> => {
    const rows = await context.session.call<SessionRow[]>('GET', '/api/me/sessions');
    const revokeAll = h('button', { type: 'button', class: 'danger' }, 'Revoke all sessions');
    revokeAll.addEventListener('click', () => {
      void act(notice, revokeAll, async () => {
        await context.session.call<{ revoked: number }>('DELETE', '/api/me/sessions');
        ended('All your sessions were revoked, this one included. Sign in again.');
      });
    });
    replaceChildren(
      list,
      sessionsTable('Your live sessions', rows, (session, button) => {
        void act(notice, button, async () => {
          await context.session.call<void>('DELETE', `/api/me/sessions/${encodeURIComponent(session.id)}`);
          if (session.current) return ended('You revoked this session. Sign in again.');
          await load();
          notice.info('Session revoked.');
          focusHeading('view-heading');
        });
      }),
      rows.length ? revokeAll : null,
    );
  };
  await load();
  append(context.section, viewHeading('My sessions'), notice.element, list);
}
