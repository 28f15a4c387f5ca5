import { ApiError, postJson, type Session } from './api';
import type { AppContext } from './app_context';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The sign-in dialog and the account area of the header. */
export function setUpSessionUi(app: AppContext): void {
  const dialog = byId<HTMLDialogElement>('signin-dialog');
  const form = byId<HTMLFormElement>('signin-form');
  const error = byId('signin-error');

  const render = () => {
    const user = app.session?.user;
    byId('who').textContent = user
      ? `${app.t('signedInAs')}: ${user.displayName} (${user.role})`
      : '';
    byId('signin-open').hidden = user !== undefined;
    byId('signout').hidden = user === undefined;
  };
  app.onChange(render);
  render();

  byId('signin-open').addEventListener('click', () => {
    error.textContent = '';
    dialog.showModal();
  });
  byId('signin-cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    try {
      const session = await postJson<Session>(
        '/api/auth/login',
        { username: fields.get('username'), password: fields.get('password') },
        app.session?.csrfToken,
      );
      form.reset();
      dialog.close();
      app.setSession(session);
    } catch (failure) {
      const status = failure instanceof ApiError ? failure.status : 0;
      error.textContent =
        status === 401
          ? app.t('wrongPassword')
          : status === 429
            ? app.t('throttled')
            : app.t('failed');
    }
  });
  byId('signout').addEventListener('click', async () => {
    await postJson('/api/auth/logout', {}, app.session?.csrfToken).catch(() => undefined);
    app.setSession(undefined);
  });
}
