import iconv from 'iconv-lite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importObservations } from '../../data-import/observations/import_observations';
import { reportCsv } from '../../data-import/observations/observation_report';

// Stations NM-01..NM-03 and KK-08 from January to March 2011 belong to this file alone:
// the demo observes 2025 and other tests use 2019 and later months of 2011.
let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 3 });
});
afterAll(async () => {
  await pool.end();
});

/** cp1258 as Windows writes it: base letters precomposed (ê, ơ), tones as combining marks. */
const cp1258 = (text: string) =>
  iconv.encode(
    [...text.normalize('NFC')]
      .map((char) => {
        const parts = [...char.normalize('NFD')];
        const tones = parts.filter((part) => /[\u0300\u0301\u0303\u0309\u0323]/.test(part));
        const base = parts.filter((part) => !tones.includes(part));
        return base.join('').normalize('NFC') + tones.join('');
      })
      .join(''),
    'windows-1258',
  );

const clock = () => new Date('2026-01-01T00:00:00Z');
const stored = async (station: string) =>
  (
    await pool.query(
      `SELECT count(*)::int AS n FROM monitoring.observation o
       JOIN monitoring.station s ON s.id = o.station_id
       WHERE s.code = $1 AND o.observed_at >= '2011-01-01T00:00:00+07' AND o.observed_at < '2011-04-01T00:00:00+07'`,
      [station],
    )
  ).rows[0].n as number;
const file = (name: string, text: string) => ({ name, bytes: Buffer.from(text, 'utf8') });

describe('observation CSV import', () => {
  it('imports a long UTF-8 file once: importing it again adds nothing', async () => {
    const csv = [
      'station,parameter,observed_at,value,unit',
      'NM-01,pH,2011-01-10T08:00:00+07:00,7.1,-',
      'NM-01,do,2011-01-10T08:00:00+07:00,5.4,mg/l',
      'NM-01,COD,2011-01-10T08:00:00+07:00,12.5,mg/L',
      'NM-01,BOD5,2011-01-10T08:00,<2,',
    ].join('\r\n');
    const phases: string[] = [];
    const first = await importObservations(pool, file('long.csv', csv), {
      clock,
      onProgress: ({ phase, done, total }) => phases.push(`${phase} ${done}/${total}`),
    });
    expect(phases).toEqual(['read 207/207', 'check 0/4', 'check 4/4', 'write 4/4']);
    expect(first).toMatchObject({
      status: 'imported',
      encoding: 'utf8',
      delimiter: ',',
      layout: 'long',
      rows: 4,
      imported: 4,
      skipped: 0,
      problems: [],
    });
    expect(await stored('NM-01')).toBe(4);
    const { rows } = await pool.query(
      `SELECT parameter_code, value, qualifier, source, observed_at FROM monitoring.observation o
       JOIN monitoring.station s ON s.id = o.station_id
       WHERE s.code = 'NM-01' AND o.parameter_code IN ('DO', 'BOD5') AND o.observed_at < '2011-04-01'
       ORDER BY parameter_code`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ parameter_code: 'BOD5', value: 2, qualifier: '<', source: 'csv' }),
      expect.objectContaining({ parameter_code: 'DO', value: 5.4, qualifier: null }),
    ]);
    expect(rows[0].observed_at.toISOString()).toBe('2011-01-10T01:00:00.000Z');

    const again = await importObservations(pool, file('long.csv', csv), { clock });
    expect(again).toMatchObject({ status: 'imported', imported: 0, skipped: 4, problems: [] });
    expect(await stored('NM-01')).toBe(4);
  });

  it('imports a wide cp1258 file with semicolons, decimal commas and Vietnamese headers', async () => {
    const csv = [
      'STT;Trạm;Thời gian;pH;DO (mg/L);COD;TSS;Ghi chú',
      '1;NM-02;15/02/2011 09:30;7,25;4,8;18,5;;Lấy mẫu buổi sáng',
      '2;NM-02;16/02/2011 09:30;6,9;5,1;;42;',
      ';;;;;;;',
    ].join('\r\n');
    const bytes = cp1258(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const report = await importObservations(pool, { name: 'wide.csv', bytes }, { clock });
    expect(report).toMatchObject({
      status: 'imported',
      encoding: 'cp1258',
      delimiter: ';',
      layout: 'wide',
      rows: 2,
      observations: 6,
      imported: 6,
      problems: [],
    });
    const { rows } = await pool.query(
      `SELECT o.value FROM monitoring.observation o JOIN monitoring.station s ON s.id = o.station_id
       WHERE s.code = 'NM-02' AND o.parameter_code = 'pH' AND o.observed_at = '2011-02-15T09:30:00+07'`,
    );
    expect(rows).toEqual([{ value: 7.25 }]);
    expect(await stored('NM-02')).toBe(6);
  });

  it('refuses a file with bad rows, naming row, column and rule, and writes nothing', async () => {
    const csv = [
      'Trạm;Thời gian;Chỉ tiêu;Giá trị;Đơn vị',
      'NM-03;01/03/2011 08:00;COD;15,2;mg/L',
      'NM-03;01/03/2011 08:00;DO;4,9;mg/m3',
      'NM-99;01/03/2011 08:00;TSS;30;mg/L',
      'NM-03;31/02/2011 08:00;BOD5;3;mg/L',
      'NM-03;02/03/2011 08:00;TSS;cao;mg/L',
      'NM-03;02/03/2011 08:00;PM10;40;µg/Nm3',
      'NM-03;03/03/2011 08:00;TSS;25;mg/L',
      'NM-03;03/03/2011 08:00;tss;26;mg/L',
    ].join('\n');
    const report = await importObservations(pool, file('bad.csv', csv), { clock });
    expect(report.status).toBe('rejected');
    expect(report.imported).toBe(0);
    expect(report.problems.map((p) => [p.row, p.column, p.rule, p.value])).toEqual([
      [3, 'Đơn vị', 'unit_mismatch', 'mg/m3'],
      [4, 'Trạm', 'station_unknown', 'NM-99'],
      [5, 'Thời gian', 'observed_at_invalid', '31/02/2011 08:00'],
      [6, 'Giá trị', 'value_not_number', 'cao'],
      [7, 'Chỉ tiêu', 'parameter_medium', 'PM10'],
      [8, 'Giá trị', 'duplicate_in_file', '25'],
      [9, 'Giá trị', 'duplicate_in_file', '26'],
    ]);
    expect(report.problems[0]?.message).toBe(
      'unit mg/m3 is not mg/L, the unit of DO; convert the value or fix the unit',
    );
    expect(report.problems[5]?.message).toMatch(
      /TSS of NM-03 at 03\/03\/2011 08:00 is also in row 9/,
    );
    expect(report.rejectedRows).toBe(7);
    expect(await stored('NM-03')).toBe(0);
    const lines = reportCsv(report)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('row,column,rule,message,value');
    expect(lines[2]).toBe('4,Trạm,station_unknown,NM-99 is not a station code,NM-99');

    const kept = await importObservations(pool, file('bad.csv', csv), { clock, keepGood: true });
    expect(kept).toMatchObject({ status: 'imported', imported: 1, rejectedRows: 7 });
    expect(await stored('NM-03')).toBe(1);
  });

  it('applies the JSON intake rules: averaging for air, no future times', async () => {
    const csv = [
      'station,time,averaging,PM10,PM2.5',
      'KK-08,2011-03-01,24h,40,22',
      'KK-08,2011-03-02,,41,',
      'KK-08,2011-03-03,2h,41,',
      'KK-08,2027-03-03,24h,41,',
    ].join('\n');
    const report = await importObservations(pool, file('air.csv', csv), { clock, keepGood: true });
    expect(report.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
      [3, 'averaging', 'averaging_required'],
      [4, 'averaging', 'averaging_invalid'],
      [5, 'time', 'observed_in_future'],
    ]);
    expect(report.imported).toBe(2);
    expect(await stored('KK-08')).toBe(2);
  });

  it('refuses a file whose columns do not fit, before reading rows', async () => {
    const report = await importObservations(
      pool,
      file('cols.csv', 'Trạm;Thời gian;CODD\nNM-03;01/03/2011;5\n'),
      { clock },
    );
    expect(report).toMatchObject({
      status: 'rejected',
      refusal: { code: 'column_unknown', row: 1, column: 'CODD' },
    });
  });
});
