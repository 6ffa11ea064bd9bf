/**
 * The one CSV writer (RFC 4180 quoting) behind every export: `cellsweep results|sweeps|plan --format csv` and the
 * dashboard's CSV downloads. Before, the CLI had its own that kept `=HYPERLINK(…)` as it was (issue 14, defect 17).
 */

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => unknown;
}

export interface CsvOptions {
  /** `\r\n` (RFC 4180, the default: what a download is) or `\n` (a terminal or a pipe). */
  newline?: '\r\n' | '\n';
}

/** A plain number written as text (`-0.5`, `1e-3`, `-1.25%`): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?%?$/;
/** What makes a spreadsheet (Excel, LibreOffice, Sheets) evaluate a cell: OWASP's list of leading characters. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field. Text that a spreadsheet would run as a formula gets a leading apostrophe (shown by none of them): names,
 * errors and hyperparameter values are user-supplied, and an export is usually opened in a spreadsheet.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per row, each line ended by `newline`. */
export function renderCsv<Row>(
  columns: readonly CsvColumn<Row>[],
  rows: readonly Row[],
  options: CsvOptions = {},
): string {
  const newline = options.newline ?? '\r\n';
  const lines = [columns.map((column) => csvField(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row))).join(','));
  return `${lines.join(newline)}${newline}`;
}
