import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../scripts/lib/local_services/mime_message';
import { retryDelaySeconds } from '../../server/notifications/mail_sender';
import {
  feeDueMail,
  formatTime,
  formatVnd,
  receivedMail,
  resultReadyMail,
  supplementAskedMail,
} from '../../server/notifications/mail_templates';

const facts = {
  applicantName: 'Lâm Thị Hồng Nhung',
  receiptCode: 'HS-ABCD-EFGH-JKLM-NPQR',
  procedureVi: 'Chuyển nhượng quyền sử dụng đất',
  procedureEn: 'Transfer of land-use rights',
  officeName: 'Chi nhánh VPĐK Sóc Trăng',
};

describe('notification mails', () => {
  it('writes amounts and times the Vietnamese and the English way, in Vietnam time', () => {
    expect(formatVnd(1_250_000, 'vi')).toBe('1.250.000 đồng');
    expect(formatVnd(1_250_000, 'en')).toBe('VND 1,250,000');
    const at = new Date('2027-03-01T02:05:00Z');
    expect(formatTime(at, 'vi')).toBe('09:05 ngày 01/03/2027');
    expect(formatTime(at, 'en')).toBe('1 March 2027, 09:05');
  });

  it('has one text per step, in Vietnamese unless the recipient chose English', () => {
    const received = receivedMail(
      { ...facts, receivedAt: new Date('2027-03-01T02:00:00Z'), dueAt: null },
      'vi',
    );
    expect(received.subject).toBe('Tiếp nhận hồ sơ HS-ABCD-EFGH-JKLM-NPQR');
    expect(received.text).toContain('Chi nhánh VPĐK Sóc Trăng đã tiếp nhận hồ sơ');
    expect(received.text).not.toContain('Ngày hẹn trả kết quả');
    const due = feeDueMail(
      {
        ...facts,
        itemVi: 'Lệ phí đăng ký biến động',
        itemEn: 'Change registration fee',
        amount: 30_000,
        paymentUrl: 'http://127.0.0.1:8092/paymentv2/vpcpay.html?x=1',
        payBefore: new Date('2027-03-01T02:15:00Z'),
      },
      'en',
    );
    expect(due.subject).toBe('Dossier HS-ABCD-EFGH-JKLM-NPQR: payment due');
    expect(due.text).toContain('Change registration fee: VND 30,000');
    expect(supplementAskedMail({ ...facts, note: 'Bản sao hợp đồng' }, 'vi').text).toContain(
      'Nội dung cần bổ sung: Bản sao hợp đồng',
    );
    expect(resultReadyMail(facts, 'en').subject).toBe(
      'Dossier HS-ABCD-EFGH-JKLM-NPQR: result ready',
    );
  });

  it('backs off 30 s, doubling, up to an hour', () => {
    expect([1, 2, 3, 8, 20].map(retryDelaySeconds)).toEqual([30, 60, 120, 3600, 3600]);
  });

  it('reads back, in the mail catcher, what nodemailer encodes (encoded words, quoted-printable, base64)', async () => {
    const mail = receivedMail(
      { ...facts, receivedAt: new Date('2027-03-01T02:00:00Z'), dueAt: null },
      'vi',
    );
    for (const textEncoding of ['quoted-printable', 'base64'] as const) {
      const raw = await new MailComposer({
        from: 'VPĐK Cần Thơ <no-reply@vpdk.example>',
        to: 'nhung@example.vn',
        subject: mail.subject,
        text: mail.text,
        textEncoding,
      })
        .compile()
        .build();
      const read = readMessage(raw);
      expect(read.subject).toBe(mail.subject);
      expect(read.text.replace(/\r\n/g, '\n')).toBe(mail.text);
      expect(read.from).toContain('VPĐK Cần Thơ');
      expect(read.to).toBe('nhung@example.vn');
    }
  });
});
