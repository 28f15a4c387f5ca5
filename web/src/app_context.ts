import type { Session } from './api';
import { type Language, type MessageKey, translate } from './i18n';

/** What every part of the web client shares: language and session, with change listeners. */
export interface AppContext {
  language: Language;
  session: Session | undefined;
  t(key: MessageKey): string;
  setLanguage(language: Language): void;
  setSession(session: Session | undefined): void;
  onChange(listener: (what: 'language' | 'session') => void): void;
}

export function createAppContext(initial: {
  language: Language;
  session: Session | undefined;
}): AppContext {
  const listeners: ((what: 'language' | 'session') => void)[] = [];
  const context: AppContext = {
    ...initial,
    t: (key) => translate(context.language, key),
    setLanguage(language) {
      context.language = language;
      localStorage.setItem('diagis.language', language);
      for (const listener of listeners) listener('language');
    },
    setSession(session) {
      context.session = session;
      for (const listener of listeners) listener('session');
    },
    onChange: (listener) => listeners.push(listener),
  };
  return context;
}
