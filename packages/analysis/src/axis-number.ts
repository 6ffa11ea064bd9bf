/**
 * A loss axis label: exponent notation for small or huge numbers (1e-10, never `0.0000000001`). One definition for
 * the dashboard's charts (imported as `@cellsweep/analysis/axis-number`, dependency-free for the browser bundle) and
 * the HTML report's, whose script embeds this function's own source text.
 */
export function axisNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(4)));
}
