/** The language a recipient reads: Vietnamese unless they chose English. */
export type MailLanguage = 'vi' | 'en';

/** A mail ready to queue. */
export interface MailText {
  subject: string;
  text: string;
}

/** What every dossier mail names. */
export interface DossierMailFacts {
  applicantName: string;
  receiptCode: string;
  procedureVi: string;
  procedureEn: string;
  officeName: string;
}

const zone = 'Asia/Ho_Chi_Minh';

/** `30.000 đồng` / `VND 30,000`. */
export function formatVnd(amount: number, language: MailLanguage): string {
  return language === 'vi'
    ? `${new Intl.NumberFormat('vi-VN').format(amount)} đồng`
    : `VND ${new Intl.NumberFormat('en-GB').format(amount)}`;
}

/** `09:00 ngày 01/03/2027` / `1 March 2027, 09:00`, in Vietnam time. */
export function formatTime(at: Date, language: MailLanguage): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  if (language === 'en') {
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'long' }).format(at);
    return `${day}, ${time}`;
  }
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);
  return `${time} ngày ${day}`;
}

const footer: Record<MailLanguage, string> = {
  vi: 'Thư này được gửi tự động từ hệ thống diagis, vui lòng không trả lời thư này.',
  en: 'This message was sent automatically by diagis; please do not reply to it.',
};

const greeting = (facts: DossierMailFacts, language: MailLanguage): string =>
  language === 'vi' ? `Kính gửi Ông/Bà ${facts.applicantName},` : `Dear ${facts.applicantName},`;

const compose = (lines: readonly (string | undefined)[], language: MailLanguage): string =>
  [...lines.filter((line) => line !== undefined), '', footer[language], ''].join('\n');

/** The dossier was received (tiếp nhận hồ sơ): its receipt code and the date the result is due. */
export function receivedMail(
  facts: DossierMailFacts & { receivedAt: Date; dueAt: Date | null },
  language: MailLanguage,
): MailText {
  if (language === 'en') {
    return {
      subject: `Dossier ${facts.receiptCode} received`,
      text: compose(
        [
          greeting(facts, language),
          '',
          `${facts.officeName} received your dossier "${facts.procedureEn}" on ${formatTime(facts.receivedAt, language)}.`,
          `Receipt code: ${facts.receiptCode}`,
          facts.dueAt ? `Result due: ${formatTime(facts.dueAt, language)}` : undefined,
          '',
          'Keep the receipt code: it is how you track the dossier on the dossier tracking page.',
        ],
        language,
      ),
    };
  }
  return {
    subject: `Tiếp nhận hồ sơ ${facts.receiptCode}`,
    text: compose(
      [
        greeting(facts, language),
        '',
        `${facts.officeName} đã tiếp nhận hồ sơ "${facts.procedureVi}" của Ông/Bà lúc ${formatTime(facts.receivedAt, language)}.`,
        `Mã hồ sơ (số biên nhận): ${facts.receiptCode}`,
        facts.dueAt ? `Ngày hẹn trả kết quả: ${formatTime(facts.dueAt, language)}` : undefined,
        '',
        'Ông/Bà vui lòng giữ mã hồ sơ để tra cứu tình trạng hồ sơ tại trang Tra cứu hồ sơ.',
      ],
      language,
    ),
  };
}

/** The office asks for more documents (yêu cầu bổ sung hồ sơ); the clock waits for them. */
export function supplementAskedMail(
  facts: DossierMailFacts & { note: string | null },
  language: MailLanguage,
): MailText {
  if (language === 'en') {
    return {
      subject: `Dossier ${facts.receiptCode}: documents to add`,
      text: compose(
        [
          greeting(facts, language),
          '',
          `${facts.officeName} needs more documents for your dossier "${facts.procedureEn}" (${facts.receiptCode}).`,
          facts.note ? `What is needed: ${facts.note}` : undefined,
          '',
          'The time limit of the dossier is paused until the documents arrive.',
        ],
        language,
      ),
    };
  }
  return {
    subject: `Yêu cầu bổ sung hồ sơ ${facts.receiptCode}`,
    text: compose(
      [
        greeting(facts, language),
        '',
        `${facts.officeName} đề nghị Ông/Bà bổ sung hồ sơ "${facts.procedureVi}" (mã ${facts.receiptCode}).`,
        facts.note ? `Nội dung cần bổ sung: ${facts.note}` : undefined,
        '',
        'Thời hạn giải quyết hồ sơ tạm dừng cho đến khi Ông/Bà nộp đủ giấy tờ bổ sung.',
      ],
      language,
    ),
  };
}

/** A fee or tax is due (thông báo nộp phí): what, how much, and the link to pay it online. */
export function feeDueMail(
  facts: DossierMailFacts & {
    itemVi: string;
    itemEn: string;
    amount: number;
    paymentUrl: string;
    payBefore: Date;
  },
  language: MailLanguage,
): MailText {
  if (language === 'en') {
    return {
      subject: `Dossier ${facts.receiptCode}: payment due`,
      text: compose(
        [
          greeting(facts, language),
          '',
          `To continue with your dossier "${facts.procedureEn}" (${facts.receiptCode}), please pay:`,
          `${facts.itemEn}: ${formatVnd(facts.amount, language)}`,
          '',
          `Pay online before ${formatTime(facts.payBefore, language)}:`,
          facts.paymentUrl,
          '',
          `You may also pay at ${facts.officeName}.`,
        ],
        language,
      ),
    };
  }
  return {
    subject: `Thông báo nộp phí hồ sơ ${facts.receiptCode}`,
    text: compose(
      [
        greeting(facts, language),
        '',
        `Để tiếp tục giải quyết hồ sơ "${facts.procedureVi}" (mã ${facts.receiptCode}), Ông/Bà cần nộp:`,
        `${facts.itemVi}: ${formatVnd(facts.amount, language)}`,
        '',
        `Thanh toán trực tuyến trước ${formatTime(facts.payBefore, language)} tại:`,
        facts.paymentUrl,
        '',
        `Ông/Bà cũng có thể nộp trực tiếp tại ${facts.officeName}.`,
      ],
      language,
    ),
  };
}

/** The result is ready to collect (trả kết quả). */
export function resultReadyMail(facts: DossierMailFacts, language: MailLanguage): MailText {
  if (language === 'en') {
    return {
      subject: `Dossier ${facts.receiptCode}: result ready`,
      text: compose(
        [
          greeting(facts, language),
          '',
          `The result of your dossier "${facts.procedureEn}" (${facts.receiptCode}) is ready.`,
          `Please collect it at ${facts.officeName}, bringing your receipt and identity card.`,
        ],
        language,
      ),
    };
  }
  return {
    subject: `Trả kết quả hồ sơ ${facts.receiptCode}`,
    text: compose(
      [
        greeting(facts, language),
        '',
        `Hồ sơ "${facts.procedureVi}" (mã ${facts.receiptCode}) của Ông/Bà đã có kết quả.`,
        `Mời Ông/Bà đến ${facts.officeName} nhận kết quả, mang theo giấy biên nhận và căn cước công dân.`,
      ],
      language,
    ),
  };
}
