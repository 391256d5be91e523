/**
 * CSV for spreadsheet software (GET /v1/deals/export.csv): RFC 4180 quoting, CRLF line ends, a
 * UTF-8 byte order mark first (so Excel reads UTF-8), and no formulas: a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` (OWASP CSV injection).
 */

export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: null as empty, formula-looking text defused, quoted when it holds `"`, `,`, CR or LF. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
