/**
 * Numbers in plain-words verdicts. Three significant digits for values (a loss difference of 0.0123 reads as
 * −0.0123, not −0.01 or −0.012345678), two for p-values, a real minus sign, and thousands separators on counts.
 */
import type { Interval } from './types.js';

/** `value` to `digits` significant digits, trailing zeros dropped, with a typographic minus. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text =
    magnitude >= 1e-4 && magnitude < 1e6
      ? String(Number(value.toPrecision(digits)))
      : value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return text.replace('-', '−');
}

/** A p-value with two significant digits (0.0078125 → "0.0078"). */
export function formatP(p: number): string {
  return formatNumber(p, 2);
}

/** "[−0.0200, −0.00500]"-style interval, each end to three significant digits. */
export function formatInterval(interval: Interval, digits = 3): string {
  return `[${formatNumber(interval[0], digits)}, ${formatNumber(interval[1], digits)}]`;
}

/** A count with thousands separators (20000 → "20,000"), independent of the machine's locale. */
export function formatCount(value: number): string {
  const [whole, fraction] = String(value).split('.');
  const grouped = (whole ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** "1 seed" / "3 seeds". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}
