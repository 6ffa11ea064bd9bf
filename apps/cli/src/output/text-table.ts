/** Plain-text tables and CSV, shared by every listing command. */
import { renderCsv as renderCsvRows } from '@cellsweep/core';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | null;
  /** Numbers are right-aligned by default. */
  align?: 'left' | 'right';
}

export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => formatCell(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  const alignOf = (i: number): 'left' | 'right' => {
    const column = columns[i];
    if (column?.align) return column.align;
    return rows.length > 0 && typeof column?.value(rows[0] as Row) === 'number' ? 'right' : 'left';
  };
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => (alignOf(i) === 'right' ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/**
 * CSV through the one writer in `@cellsweep/core` (RFC 4180 quoting, formula cells defused), with Unix line ends
 * and no final newline, like the other formats here.
 */
export function renderCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  return renderCsvRows(columns, rows, { newline: '\n' }).slice(0, -1);
}

function formatCell(value: string | number | null): string {
  if (value === null) return '-';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return formatNumber(value);
}

/** Four significant digits, scientific notation only for very small/large values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return value.toExponential(3);
  return value.toPrecision(4);
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1_000) return `${ms}ms`;
  const seconds = ms / 1_000;
  if (seconds < 120) return `${seconds.toFixed(1)}s`;
  // Round once, then split: rounding the remainder alone printed 659.6 s as "10m60s".
  const wholeSeconds = Math.round(seconds);
  return `${Math.floor(wholeSeconds / 60)}m${String(wholeSeconds % 60).padStart(2, '0')}s`;
}
