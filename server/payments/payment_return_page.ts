import { formatVnd } from '../notifications/mail_templates';
import type { ReturnView } from './payment_callback';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

/** Title and explanation of each result, in Vietnamese and English. */
function wording(view: ReturnView): { vi: [string, string]; en: [string, string] } {
  switch (view.kind) {
    case 'paid':
      return {
        vi: ['Thanh toán thành công', 'Khoản thanh toán đã được ghi nhận vào hồ sơ.'],
        en: ['Payment successful', 'The payment is recorded on the dossier.'],
      };
    case 'confirming':
      return {
        vi: [
          'Đang xác nhận thanh toán',
          'Cổng thanh toán báo giao dịch thành công; hồ sơ được cập nhật ngay khi nhận được xác nhận.',
        ],
        en: [
          'Confirming the payment',
          'The payment provider reports success; the dossier is updated as soon as it confirms.',
        ],
      };
    case 'not_paid':
      return view.resultCode === '24'
        ? {
            vi: ['Chưa thanh toán', 'Giao dịch đã bị hủy. Ông/Bà có thể thanh toán lại.'],
            en: ['Not paid', 'The payment was cancelled. You may pay again.'],
          }
        : {
            vi: ['Chưa thanh toán', `Giao dịch không thành công (mã ${view.resultCode}).`],
            en: ['Not paid', `The payment did not go through (code ${view.resultCode}).`],
          };
    case 'unverified':
      return {
        vi: [
          'Không xác thực được kết quả thanh toán',
          'Nếu tài khoản đã bị trừ tiền, vui lòng liên hệ nơi tiếp nhận hồ sơ.',
        ],
        en: [
          'The payment result could not be verified',
          'If money was taken from your account, please contact the office that received the dossier.',
        ],
      };
  }
}

/**
 * The small bilingual page the payer sees when the provider sends them back: the result,
 * the order and amount, and a link to dossier tracking. Plain HTML without scripts or
 * inline styles (the site's Content-Security-Policy allows neither).
 */
export function paymentReturnPage(view: ReturnView): string {
  const { vi, en } = wording(view);
  const details =
    view.kind === 'unverified'
      ? ''
      : `<dl>
<dt>Mã đơn thanh toán / Order</dt><dd>${escapeHtml(view.orderRef)}</dd>
<dt>Số tiền / Amount</dt><dd>${escapeHtml(formatVnd(view.amount, 'vi'))} (${escapeHtml(formatVnd(view.amount, 'en'))})</dd>
</dl>`;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kết quả thanh toán / Payment result</title>
</head>
<body>
<main>
<h1>${escapeHtml(vi[0])}</h1>
<p>${escapeHtml(vi[1])}</p>
<h2 lang="en">${escapeHtml(en[0])}</h2>
<p lang="en">${escapeHtml(en[1])}</p>
${details}
<p><a href="/track">Tra cứu hồ sơ</a> / <a href="/track" lang="en">Track your dossier</a></p>
</main>
</body>
</html>
`;
}
