import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type ParameterInfo, planColumns } from '../../data-import/observations/csv_columns';
import { decodeCsv } from '../../data-import/observations/csv_decoding';
import { parseDecimal } from '../../data-import/observations/decimal_value';
import { parseObservedAt } from '../../data-import/observations/observed_at';

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

const catalogue = new Map<string, ParameterInfo>(
  [
    { code: 'pH', unit: '-', medium: 'water' as const },
    { code: 'DO', unit: 'mg/L', medium: 'water' as const },
    { code: 'COD', unit: 'mg/L', medium: 'water' as const },
    { code: 'PM2.5', unit: 'µg/Nm3', medium: 'air' as const },
  ].map((p) => [p.code.toLowerCase(), p]),
);

describe('observation CSV cells', () => {
  it('decodes UTF-8 with or without a byte-order mark and cp1258, detecting the delimiter', () => {
    const text = 'Trạm;Thời gian;pH\nNM-01;01/03/2011 08:00;7,25\n';
    expect(decodeCsv(Buffer.from(`\uFEFF${text}`))).toEqual({
      text,
      encoding: 'utf8',
      delimiter: ';',
    });
    const windows = decodeCsv(cp1258(text));
    expect(windows).toEqual({ text, encoding: 'cp1258', delimiter: ';' });
    expect(decodeCsv(Buffer.from('"a;b",c\n')).delimiter).toBe(',');
    expect(() => decodeCsv(cp1258(`x\n${text}`), 'utf8')).toThrow(
      /^row 2: the file is not valid UTF-8/,
    );
    expect(() => decodeCsv(Buffer.alloc(0))).toThrow(/empty/);
  });

  it('reads ISO 8601 and dd/MM/yyyy HH:mm, a time without zone being Vietnam time', () => {
    expect(parseObservedAt('05/03/2011 08:30')?.toISOString()).toBe('2011-03-05T01:30:00.000Z');
    expect(parseObservedAt('5/3/2011')?.toISOString()).toBe('2011-03-04T17:00:00.000Z');
    expect(parseObservedAt('2011-03-05T08:30')?.toISOString()).toBe('2011-03-05T01:30:00.000Z');
    expect(parseObservedAt('2011-03-05 08:30:15+07:00')?.toISOString()).toBe(
      '2011-03-05T01:30:15.000Z',
    );
    expect(parseObservedAt('2011-03-05T01:30:00.250Z')?.toISOString()).toBe(
      '2011-03-05T01:30:00.250Z',
    );
    for (const bad of [
      '31/02/2011 08:00',
      '05/03/2011 25:00',
      '2011-13-01',
      'hôm qua',
      '05.03.2011',
    ])
      expect(parseObservedAt(bad), bad).toBeUndefined();
  });

  it('reads decimal commas only in semicolon files and refuses an ambiguous thousands point', () => {
    expect(parseDecimal('7,25', true)).toEqual({ ok: true, value: 7.25, qualifier: null });
    expect(parseDecimal('1.234,5', true)).toMatchObject({ value: 1234.5 });
    expect(parseDecimal('1.234.567', true)).toMatchObject({ value: 1234567 });
    expect(parseDecimal('7.25', true)).toMatchObject({ value: 7.25 });
    expect(parseDecimal('4.600', true)).toMatchObject({ ok: false, rule: 'value_ambiguous' });
    expect(parseDecimal('< 0,5', true)).toEqual({ ok: true, value: 0.5, qualifier: '<' });
    expect(parseDecimal('7,25', false)).toMatchObject({ ok: false, rule: 'value_not_number' });
    expect(parseDecimal('1e3', false)).toMatchObject({ value: 1000 });
    expect(parseDecimal('cao', true)).toMatchObject({ ok: false, rule: 'value_not_number' });
  });

  it('plans long and wide layouts from Vietnamese or English headers', () => {
    const long = planColumns(['MaTram', 'ThoiGian', 'Chỉ tiêu', 'GiaTri', 'Đơn vị'], catalogue);
    expect(long).toMatchObject({
      layout: 'long',
      roles: { station: 0, observedAt: 1, parameter: 2, value: 3, unit: 4 },
    });
    const wide = planColumns(['STT', 'Trạm', 'Thời gian', 'ph', 'DO (mg/l)', 'Ghi chú'], catalogue);
    expect(wide.layout).toBe('wide');
    expect(wide.parameterColumns).toEqual([
      { index: 3, code: 'pH', unit: null },
      { index: 4, code: 'DO', unit: 'mg/l' },
    ]);
    expect(() => planColumns(['station', 'time', 'CODD'], catalogue)).toThrow(
      'row 1, column "CODD": is not a parameter code of monitoring.parameter',
    );
    expect(() => planColumns(['Trạm', 'pH'], catalogue)).toThrow(/^row 1: no time column/);
    expect(() => planColumns(['station', 'time', 'parameter', 'pH'], catalogue)).toThrow(
      /needs a value/,
    );
  });
});
