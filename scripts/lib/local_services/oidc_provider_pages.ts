import type { DemoCitizen } from './demo_citizens';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ??
      character,
  );

const page = (title: string, body: string): string => `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 26rem; padding: 1rem; color: #1f2933; }
  h1 { font-size: 1.3rem; }
  .note { background: #fff4d6; border: 1px solid #e0b84c; padding: .5rem .75rem; font-size: .9rem; }
  .error { color: #a61b1b; font-weight: 600; }
  label { display: block; margin: .75rem 0 .25rem; }
  input { box-sizing: border-box; width: 100%; font-size: 1.1rem; padding: .5rem; }
  button { font-size: 1.05rem; padding: .6rem 1.2rem; margin-top: 1rem; }
  table { border-collapse: collapse; font-size: .9rem; margin-top: .5rem; }
  td { border-top: 1px solid #ccd; padding: .25rem .5rem .25rem 0; }
</style>
</head>
<body>
${body}
</body>
</html>`;

/**
 * The provider's sign-in form (plain HTML, Vietnamese with English): the citizen's ID
 * number and the password; a list of the demo citizens, since this is a test provider.
 */
export function loginPage(uid: string, citizens: readonly DemoCitizen[], failed = false): string {
  const rows = citizens
    .map(
      (citizen) =>
        `<tr><td>${escapeHtml(citizen.name)}</td><td><code>${escapeHtml(citizen.idNumber)}</code></td></tr>`,
    )
    .join('\n');
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    'Đăng nhập định danh điện tử (thử nghiệm)',
    `<h1>Đăng nhập bằng tài khoản định danh điện tử</h1>
<p class="note">Nhà cung cấp định danh <strong>thử nghiệm</strong> của diagis, không phải VNeID.<br>
<em>diagis's local test identity provider, not VNeID.</em></p>
${failed ? '<p class="error" role="alert">Sai số định danh hoặc mật khẩu. / Wrong ID number or password.</p>' : ''}
<form method="post" action="${action}/login" id="login-form">
  <label for="id_number">Số định danh cá nhân (CCCD) / Personal ID number</label>
  <input id="id_number" name="id_number" inputmode="numeric" pattern="[0-9]{12}" maxlength="12" autocomplete="username" required autofocus>
  <label for="password">Mật khẩu / Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Đăng nhập / Sign in</button>
</form>
<form method="post" action="${action}/abort"><button type="submit">Hủy / Cancel</button></form>
<p>Công dân thử nghiệm / Demo citizens (mật khẩu: DIAGIS_DEMO_PASSWORD):</p>
<table>${rows}</table>`,
  );
}

/** A short page for a refusal or an error of the provider. */
export function messagePage(title: string, detail: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(detail)}</p>`);
}
