import { settingNames } from '@cellsweep/analysis/setting-names';

/** Number and date formatting for tables and tooltips. */
export function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) return value.toExponential(2);
  return Number(value.toPrecision(digits)).toString();
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').slice(0, 19);
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  // Round once, then split: rounding the remainder alone printed "1 min 60 s" for 119.6 s.
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export function hpValue(value: unknown): string {
  return value === null || value === undefined ? '—' : String(value);
}

/** "95% Student-t CI", from the level and method the analysis applied ("95% CI" before it has answered). */
export function ciLabel(analysis: { level: number; ciMethod?: string | null } | null): string {
  const method = analysis?.ciMethod ? ` ${analysis.ciMethod === 'student-t' ? 'Student-t' : analysis.ciMethod}` : '';
  return `${Number(((analysis?.level ?? 0.95) * 100).toPrecision(3))}%${method} CI`;
}

/**
 * A setting column that names only what tells the table's settings apart, as the verdict headings do (analysis's
 * settingNames, the one place that decides it): the parts every setting shares ("adding(sequenceLength=50, …)",
 * "1 layer") are left out (`shared`); a cell whose setting has nothing of its own reads "—".
 */
export function settingColumn(settings: readonly { label: string; task: string }[]): {
  shared: string;
  short: (label: string) => string;
} {
  const names = settingNames(settings);
  return { shared: names.context.join(' · '), short: (label) => names.short(label) || '—' };
}
