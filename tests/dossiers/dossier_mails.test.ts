import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaughtMessage } from '../../scripts/lib/local_services/mail_catcher';
import { createLogger } from '../../server/logger';
import { type MailSender, startMailSender } from '../../server/notifications/mail_sender';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

// The applicant hears by e-mail when an officer asks for documents (with the officer's
// note) and when the result is ready, through a real SMTP server (the mail catcher).
// The dossiers are of a procedure of this test's own, without tax or commune steps.
// The run's one mail catcher (tests/global_setup.ts): any sender may send this file's mail.
const catcher = inject('mailCatcher');
let fx: AppFixture;
let sender: MailSender;
let communeId: number;
const procedure = 'test_mail_steps';

beforeAll(async () => {
  fx = await startAppFixture({
    env: { DIAGIS_SMTP_URL: catcher.smtpUrl, DIAGIS_MAIL_FROM: 'VPĐK <no-reply@vpdk.example>' },
    users: ['officer.branch1'],
  });
  sender = startMailSender({
    pool: fx.pool,
    smtpUrl: catcher.smtpUrl,
    from: fx.config.mail.from,
    logger: createLogger('silent'),
    pollMs: 100,
  });
  await fx.pool.query(
    `INSERT INTO dossier.procedure (code, name_vi, name_en, limit_working_days, legal_basis, processing_office_kind)
     VALUES ($1, 'Thủ tục thử nghiệm thư báo', 'Mail steps test procedure', 5, 'thử nghiệm', 'branch')
     ON CONFLICT (code) DO NOTHING`,
    [procedure],
  );
  const { rows } = await fx.pool.query(
    `SELECT min(j.unit_id) AS commune_id FROM org.office_jurisdiction j
     JOIN org.office o ON o.id = j.office_id WHERE o.code = 'CN-SOCTRANG'`,
  );
  communeId = rows[0].commune_id;
}, 120_000);

afterAll(async () => {
  await sender?.stop();
  await fx?.close();
});

async function mailTo(to: string, count: number): Promise<CaughtMessage[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(`${catcher.httpUrl}/messages?to=${encodeURIComponent(to)}`);
    const { messages } = (await response.json()) as { messages: CaughtMessage[] };
    if (messages.length >= count || Date.now() > deadline) return messages;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const act = (id: number, action: string, body: Record<string, unknown> = {}) =>
  fx.call('officer.branch1', 'POST', `/api/dossiers/${id}/actions/${action}`, body);

describe('mails of the dossier steps', () => {
  it('sends the supplement asked with the note, then the result ready, in the applicant’s language', async () => {
    for (const [email, language] of [
      ['bo-sung.vi@example.vn', 'vi'],
      ['supplement.en@example.vn', 'en'],
    ] as const) {
      const created = await fx.call('officer.branch1', 'POST', '/api/dossiers', {
        procedure,
        communeId,
        applicant: {
          fullName: 'Tô Thị Ngọc Hân',
          idNumber: '094195000123',
          address: '9 Nguyễn Huệ, phường Sóc Trăng',
          email,
          language,
        },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      const receiptCode = created.body.receiptCode as string;
      expect((await act(id, 'start')).status).toBe(200);
      const note = 'Bản sao Giấy chứng nhận có chứng thực';
      expect((await act(id, 'request_documents', { note })).body.state).toBe('waiting_citizen');
      const asked = await mailTo(email, 2);
      const supplement = asked.find((m) => m.text.includes(note));
      expect(supplement?.subject).toContain(receiptCode);
      expect(supplement?.subject).toMatch(language === 'vi' ? /bổ sung/ : /documents to add/);

      expect((await act(id, 'resubmit')).body.state).toBe('in_progress');
      expect((await act(id, 'approve')).body.state).toBe('approved');
      expect((await act(id, 'return_result')).body.state).toBe('returned');
      const all = await mailTo(email, 3);
      const ready = all.filter((m) => m !== supplement && m.subject.includes(receiptCode));
      expect(ready.map((m) => m.subject)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(language === 'vi' ? /^Trả kết quả hồ sơ/ : /result ready$/),
        ]),
      );
    }
  });
});
