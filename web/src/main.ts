import { isMessageKey, type Language, translate } from './i18n';

interface Me {
  user: { username: string; displayName: string; role: string; office: { name: string } | null };
  csrfToken: string;
}

let language: Language = localStorage.getItem('diagis.language') === 'en' ? 'en' : 'vi';
let csrfToken = '';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const t = (key: Parameters<typeof translate>[1]) => translate(language, key);

function applyLanguage(): void {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n ?? '';
    if (isMessageKey(key)) element.textContent = t(key);
  }
  byId('language').textContent = language === 'vi' ? 'EN' : 'VI';
}

async function showStatus(): Promise<void> {
  for (const [id, path] of [
    ['health', '/health'],
    ['ready', '/ready'],
  ] as const) {
    const element = byId(id);
    const ok = await fetch(path).then(
      (response) => response.ok,
      () => false,
    );
    element.textContent = ok ? t('up') : t('down');
    element.className = ok ? 'ok' : 'bad';
  }
}

function showAccount(me: Me | undefined): void {
  byId('signin').hidden = me !== undefined;
  byId('account').hidden = me === undefined;
  csrfToken = me?.csrfToken ?? '';
  if (me) {
    const office = me.user.office ? `, ${t('office')}: ${me.user.office.name}` : '';
    byId('who').textContent =
      `${t('signedInAs')} ${me.user.displayName} (${me.user.username}; ${t('role')}: ${me.user.role}${office})`;
  }
}

async function loadMe(): Promise<void> {
  const response = await fetch('/api/me');
  showAccount(response.ok ? ((await response.json()) as Me) : undefined);
}

byId<HTMLFormElement>('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
    },
    body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
  });
  const error = byId('login-error');
  if (response.ok) {
    error.textContent = '';
    await loadMe();
  } else if (response.status === 401) {
    error.textContent = t('wrongPassword');
  } else if (response.status === 429) {
    error.textContent = t('throttled');
  } else {
    error.textContent = `${t('failed')} (${response.status})`;
  }
});

byId('logout').addEventListener('click', async () => {
  await fetch('/api/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': csrfToken } });
  showAccount(undefined);
});

byId('language').addEventListener('click', () => {
  language = language === 'vi' ? 'en' : 'vi';
  localStorage.setItem('diagis.language', language);
  applyLanguage();
  void showStatus();
  void loadMe();
});

applyLanguage();
void showStatus();
void loadMe();
