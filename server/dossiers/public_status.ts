import type pg from 'pg';
import type { PublicDossierStatus } from '../../core/api/dossier';

const stepLabels: Readonly<Record<string, string>> = {
  received: 'Đã tiếp nhận',
  assigned: 'Đã phân công xử lý',
  in_progress: 'Đang giải quyết',
  at_other_office: 'Đang chuyển cơ quan khác',
  at_commune: 'Đang lấy ý kiến, xác nhận của UBND xã',
  at_tax: 'Chờ xác định nghĩa vụ tài chính',
  awaiting_payment: 'Chờ người sử dụng đất nộp nghĩa vụ tài chính',
  waiting_citizen: 'Chờ bổ sung hồ sơ',
  approved: 'Đã giải quyết, chờ trả kết quả',
  returned: 'Đã trả kết quả',
  rejected: 'Từ chối giải quyết',
  withdrawn: 'Đã rút hồ sơ',
  cancelled: 'Đã hủy',
};

/**
 * The public status of the dossier with `receiptCode`, or undefined. Run it as the public
 * role: it reads only the dossier.public_status view.
 */
export async function publicDossierStatus(
  client: pg.ClientBase,
  receiptCode: string,
): Promise<PublicDossierStatus | undefined> {
  // The view carries no personal data; the public role can read nothing else of dossiers.
  const { rows } = await client.query(
    `SELECT receipt_code, procedure_code, procedure_name_vi, procedure_name_en, state,
            current_office_name, received_at, due_at, completed_at
     FROM dossier.public_status WHERE receipt_code = $1`,
    [receiptCode],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    receiptCode: r.receipt_code,
    procedure: { code: r.procedure_code, nameVi: r.procedure_name_vi, nameEn: r.procedure_name_en },
    step: { state: r.state, labelVi: stepLabels[r.state] ?? r.state },
    currentOffice: r.current_office_name,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    completedAt: r.completed_at,
  };
}
