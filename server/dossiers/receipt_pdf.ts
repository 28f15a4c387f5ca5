import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { DossierDetail } from '../../core/api/dossier';

const require = createRequire(import.meta.url);
// Read once per process: DejaVu Sans has every Vietnamese letter (the PDF standard fonts have none).
const fonts = {
  regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
};

export type ReceiptLanguage = 'vi' | 'en';

const texts = {
  vi: {
    nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    receiptCode: 'Mã hồ sơ',
    procedure: 'Thủ tục',
    applicant: 'Người nộp hồ sơ',
    receivedAt: 'Thời gian tiếp nhận',
    dueAt: 'Thời gian hẹn trả kết quả',
    limit: (days: number) =>
      `(trong ${days} ngày làm việc, không kể thời gian thực hiện nghĩa vụ tài chính)`,
    office: 'Nơi tiếp nhận',
    documents: 'Thành phần hồ sơ đã nhận',
    noDocuments: 'Chưa có tài liệu nào được tải lên.',
    track: 'Tra cứu tình trạng hồ sơ: quét mã QR hoặc mở',
    receivedBy: 'Người tiếp nhận hồ sơ',
    locale: 'vi-VN',
  },
  en: {
    nation: 'SOCIALIST REPUBLIC OF VIET NAM',
    motto: 'Independence - Freedom - Happiness',
    title: 'RECEIPT OF DOSSIER AND APPOINTMENT FOR THE RESULT',
    receiptCode: 'Receipt code',
    procedure: 'Procedure',
    applicant: 'Applicant',
    receivedAt: 'Received',
    dueAt: 'Result due',
    limit: (days: number) =>
      `(within ${days} working days, not counting the time for financial obligations)`,
    office: 'Received at',
    documents: 'Documents received',
    noDocuments: 'No document has been uploaded yet.',
    track: 'Track the dossier: scan the QR code or open',
    receivedBy: 'Received by',
    locale: 'en-GB',
  },
} as const;

const when = (value: Date | null, locale: string): string =>
  value
    ? value.toLocaleString(locale, {
        timeZone: 'Asia/Ho_Chi_Minh',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';

/**
 * The receipt handed to the applicant (giấy tiếp nhận hồ sơ và hẹn trả kết quả) as a PDF:
 * receipt code, procedure, applicant, reception and due dates, the receiving office, the
 * documents received (the dossier's attachments by their checklist item), and a QR code of
 * `trackingUrl`. Text in DejaVu Sans, embedded, so Vietnamese prints right in any reader.
 */
export async function receiptPdf(
  dossier: DossierDetail,
  trackingUrl: string,
  language: ReceiptLanguage,
): Promise<Buffer> {
  const text = texts[language];
  const qr = await QRCode.toBuffer(trackingUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 240,
  });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${text.title} ${dossier.receiptCode}`, Subject: dossier.receiptCode },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const width = doc.page.width - 2 * 56;

  doc
    .font('bold')
    .fontSize(10)
    .text(dossier.receivingOffice.name, { width: width / 2 - 10 });
  doc.moveUp(1).text(text.nation, 56 + width / 2, doc.y, { width: width / 2, align: 'center' });
  doc.font('regular').text(text.motto, { width: width / 2, align: 'center' });
  doc.moveDown(2);
  doc.font('bold').fontSize(14).text(text.title, 56, doc.y, { width, align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(16).text(dossier.receiptCode, { width, align: 'center' });
  doc.moveDown(1);

  const facts: [string, string][] = [
    [text.procedure, language === 'vi' ? dossier.procedure.nameVi : dossier.procedure.nameEn],
    [text.applicant, dossier.applicant?.fullName ?? '—'],
    [text.receivedAt, when(dossier.receivedAt, text.locale)],
    [
      text.dueAt,
      `${when(dossier.dueAt, text.locale)} ${text.limit(dossier.procedure.limitWorkingDays)}`,
    ],
    [text.office, dossier.receivingOffice.name],
  ];
  doc.fontSize(11);
  for (const [label, value] of facts) {
    doc.font('bold').text(`${label}: `, { continued: true, width });
    doc.font('regular').text(value, { width });
    doc.moveDown(0.3);
  }

  doc.moveDown(0.5);
  doc.font('bold').text(`${text.documents}:`, { width });
  doc.font('regular');
  if (dossier.attachments.length === 0) doc.text(text.noDocuments, { width });
  for (const [index, attachment] of dossier.attachments.entries()) {
    const kind = attachment.documentKind ? `${attachment.documentKind} — ` : '';
    doc.text(`${index + 1}. ${kind}${attachment.fileName}`, { width, indent: 12 });
  }

  doc.moveDown(1.5);
  const qrTop = doc.y;
  doc.image(qr, 56, qrTop, { width: 110 });
  doc.fontSize(9).text(text.track, 56 + 125, qrTop + 20, { width: width - 125 });
  doc.fillColor('#0b5d3b').text(trackingUrl, { width: width - 125, link: trackingUrl });
  doc.fillColor('black');
  const receiver = dossier.events.find((event) => event.kind === 'received')?.actor;
  doc.fontSize(11).font('bold');
  doc.text(text.receivedBy, 56 + width / 2, qrTop + 130, { width: width / 2, align: 'center' });
  if (receiver) {
    doc
      .moveDown(3)
      .font('regular')
      .text(receiver.displayName, { width: width / 2, align: 'center' });
  }
  doc.end();
  return done;
}
