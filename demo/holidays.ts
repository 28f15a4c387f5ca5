// Vietnamese public holidays 2025-2027 that fall on working days (Labour Code 2019,
// art. 112), for the statutory clock of dossiers. Solar-calendar days are fixed. The
// lunar ones (Tết Nguyên đán, Giỗ Tổ Hùng Vương) and the day added to Quốc khánh are set
// each year by government decision: the dates below are approximate; the table is data,
// so an administrator corrects them without a code change.
import type pg from 'pg';

export const publicHolidays: readonly (readonly [string, string])[] = [
  ['2025-01-01', 'Tết Dương lịch'],
  ['2025-01-27', 'Tết Nguyên đán'],
  ['2025-01-28', 'Tết Nguyên đán'],
  ['2025-01-29', 'Tết Nguyên đán'],
  ['2025-01-30', 'Tết Nguyên đán'],
  ['2025-01-31', 'Tết Nguyên đán'],
  ['2025-04-07', 'Giỗ Tổ Hùng Vương'],
  ['2025-04-30', 'Ngày Giải phóng miền Nam, thống nhất đất nước'],
  ['2025-05-01', 'Ngày Quốc tế Lao động'],
  ['2025-09-01', 'Quốc khánh (ngày liền kề)'],
  ['2025-09-02', 'Quốc khánh'],
  ['2026-01-01', 'Tết Dương lịch'],
  ['2026-02-16', 'Tết Nguyên đán'],
  ['2026-02-17', 'Tết Nguyên đán'],
  ['2026-02-18', 'Tết Nguyên đán'],
  ['2026-02-19', 'Tết Nguyên đán'],
  ['2026-02-20', 'Tết Nguyên đán'],
  ['2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)'],
  ['2026-04-30', 'Ngày Giải phóng miền Nam, thống nhất đất nước'],
  ['2026-05-01', 'Ngày Quốc tế Lao động'],
  ['2026-09-01', 'Quốc khánh (ngày liền kề)'],
  ['2026-09-02', 'Quốc khánh'],
  ['2027-01-01', 'Tết Dương lịch'],
  ['2027-02-04', 'Tết Nguyên đán'],
  ['2027-02-05', 'Tết Nguyên đán'],
  ['2027-02-08', 'Tết Nguyên đán'],
  ['2027-02-09', 'Tết Nguyên đán'],
  ['2027-02-10', 'Tết Nguyên đán'],
  ['2027-04-16', 'Giỗ Tổ Hùng Vương'],
  ['2027-04-30', 'Ngày Giải phóng miền Nam, thống nhất đất nước'],
  ['2027-05-03', 'Ngày Quốc tế Lao động (nghỉ bù)'],
  ['2027-09-02', 'Quốc khánh'],
  ['2027-09-03', 'Quốc khánh (ngày liền kề)'],
];

/** Inserts the holidays (days already listed are kept) and returns the set of days. */
export async function loadHolidays(client: pg.ClientBase): Promise<ReadonlySet<string>> {
  await client.query(
    `INSERT INTO dossier.holiday (day, name)
     SELECT * FROM unnest($1::date[], $2::text[])
     ON CONFLICT (day) DO NOTHING`,
    [publicHolidays.map(([day]) => day), publicHolidays.map(([, name]) => name)],
  );
  const { rows } = await client.query<{ day: string }>(
    "SELECT to_char(day, 'YYYY-MM-DD') AS day FROM dossier.holiday",
  );
  return new Set(rows.map((row) => row.day));
}
