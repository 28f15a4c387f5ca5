import { ApiError, postJson, type Session } from './api';
import type { AppContext } from './app_context';
import { byId } from './dom';

// One sign-in dialog for every page; its labels are translated through data-i18n like the rest.
const dialogMarkup = `
  <dialog id="signin-dialog">
    <form id="signin-form" method="dialog">
      <h2 data-i18n="signin">Đăng nhập</h2>
      <label><span data-i18n="username">Tên đăng nhập</span> <input name="username" autocomplete="username" required /></label>
      <label><span data-i18n="password">Mật khẩu</span> <input name="password" type="password" autocomplete="current-password" required /></label>
      <p id="signin-error" role="alert"></p>
      <menu>
        <button type="submit" value="signin" data-i18n="signin">Đăng nhập</button>
        <button type="button" id="signin-cancel" data-i18n="cancel">Hủy</button>
      </menu>
    </form>
  </dialog>`;

/** The sign-in dialog and the account area of the header. */
export function setUpSessionUi(app: AppContext): void {
  document.body.insertAdjacentHTML('beforeend', dialogMarkup);
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
