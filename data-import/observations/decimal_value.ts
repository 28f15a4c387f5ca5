/** A measured value read from a cell, with its detection-limit qualifier (`<0,5`). */
export type CellValue =
  | { ok: true; value: number; qualifier: '<' | '>' | null }
  | { ok: false; rule: 'value_not_number' | 'value_ambiguous'; message: string };

const pointNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const commaNumber = /^[+-]?(\d+|\d{1,3}(\.\d{3})+),\d+$/;
const groupedInteger = /^[+-]?\d{1,3}(\.\d{3}){2,}$/;
const oneGroup = /^[+-]?\d{1,3}\.\d{3}$/;

/**
 * Reads a number from a cell. With `decimalComma` (files delimited by `;`, as Excel writes
 * them under a Vietnamese locale) `7,25` is 7.25, `1.234,5` is 1234.5 and `1.234.567` is
 * 1234567; `4.600` is refused as ambiguous (4600 with a thousands point, or 4.6?). A
 * leading `<` or `>` is the qualifier of a value at a detection limit.
 */
export function parseDecimal(text: string, decimalComma: boolean): CellValue {
  const trimmed = text.trim();
  const qualifier = trimmed.startsWith('<') ? '<' : trimmed.startsWith('>') ? '>' : null;
  const digits = (qualifier ? trimmed.slice(1) : trimmed).trim().replace(/\s/g, '');
  let normal = digits;
  if (decimalComma && commaNumber.test(digits))
    normal = digits.replaceAll('.', '').replace(',', '.');
  else if (decimalComma && groupedInteger.test(digits)) normal = digits.replaceAll('.', '');
  else if (decimalComma && oneGroup.test(digits))
    return {
      ok: false,
      rule: 'value_ambiguous',
      message: `"${text}" could be a thousands separator or a decimal point; write ${digits.replaceAll('.', '')} or ${digits.replace('.', ',')}`,
    };
  const value = Number(normal);
  if (!pointNumber.test(normal) || !Number.isFinite(value))
    return {
      ok: false,
      rule: 'value_not_number',
      message: `"${text}" is not a number${decimalComma ? '' : ' (a decimal comma needs a file delimited by ;)'}`,
    };
  return { ok: true, value, qualifier };
}
