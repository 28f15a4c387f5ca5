import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { spreadsheetSafe } from '../../data-import/text/spreadsheet_safe';

describe('CSV cells from users never run as spreadsheet formulas', () => {
  it('prefixes cells that start like a formula with an apostrophe and leaves the rest', () => {
    const csv = stringify(
      [['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'Sóc Trăng', 7.25, -3]],
      spreadsheetSafe,
    );
    expect(csv).toBe(`"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),Sóc Trăng,7.25,-3\n`);
  });
});
