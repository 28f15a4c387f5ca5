import { currentSession } from './api';
import { type AppContext, createAppContext } from './app_context';
import { byId } from './dom';
import { isMessageKey } from './i18n';
import { setUpSessionUi } from './session_ui';

/** What a page does when the language or the session changes, beyond the shared header. */
export interface PageHooks {
  /** After the page's texts were translated: at start and at every change of language. */
  onLanguage?: () => void;
  /** At every change of session (sign-in, sign-out), not at start. */
  onSession?: () => void;
}

/** A page's shared context, and `start` to call once its parts are built. */
export interface Page {
  app: AppContext;
  start(hooks?: PageHooks): void;
}

/** Translates every `data-i18n` text and `data-i18n-placeholder` of the page. */
function translatePage(app: AppContext): void {
  document.documentElement.lang = app.language;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset.i18n ?? '';
    if (isMessageKey(key)) node.textContent = app.t(key);
  }
  for (const node of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    const key = node.dataset.i18nPlaceholder ?? '';
    if (isMessageKey(key)) node.placeholder = app.t(key);
  }
  byId('language').textContent = app.language === 'vi' ? 'EN' : 'VI';
}

/**
 * Opens a page: the language last chosen, and for staff pages the current session. The
 * page builds its parts with `app`, then calls `start`, which adds the sign-in dialog and
 * account area (staff pages), the language button, and translates the page.
 */
export async function openPage(kind: 'staff' | 'public'): Promise<Page> {
  const app = createAppContext({
    language: localStorage.getItem('diagis.language') === 'en' ? 'en' : 'vi',
    // Public pages (portal, tracking) have no session: public styles and endpoints only.
    session: kind === 'staff' ? await currentSession() : undefined,
  });
  const start = (hooks: PageHooks = {}) => {
    if (kind === 'staff') setUpSessionUi(app);
    const applyLanguage = () => {
      translatePage(app);
      hooks.onLanguage?.();
    };
    app.onChange((what) => {
      if (what === 'language') applyLanguage();
      if (what === 'session') hooks.onSession?.();
    });
    byId('language').addEventListener('click', () =>
      app.setLanguage(app.language === 'vi' ? 'en' : 'vi'),
    );
    applyLanguage();
  };
  return { app, start };
}
