/**
 * csv-stringify options that keep text from a user's file from running as a formula when
 * the CSV is opened in a spreadsheet: a cell starting with =, +, -, @, a tab or a carriage
 * return gets a leading apostrophe (OWASP "CSV injection").
 */
export const spreadsheetSafe = {
  cast: {
    string: (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value),
  },
};
