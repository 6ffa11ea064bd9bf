/**
 * Ranks with ties. Losses come out of floating-point arithmetic, so two differences that are equal on paper
 * (0.3 − 0.2 and 0.4 − 0.3) can differ in the 17th digit; ranking them as distinct would silently change a
 * tie-corrected test. Values within `RELATIVE_TIE_TOLERANCE` of each other (relative to their magnitude) are ties.
 */

/** Two values are tied when |a − b| ≤ 1e-9 · max(|a|, |b|): far above rounding noise, far below any real effect. */
export const RELATIVE_TIE_TOLERANCE = 1e-9;

/** True when a and b are equal up to floating-point noise. */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * 1-based ranks, ties sharing the mean of the ranks they span ("midranks", the standard treatment in Spearman's
 * rho and Wilcoxon's test). Ties are runs of neighbours in sorted order that are `nearlyEqual`.
 */
export function midranks(values: readonly number[]): number[] {
  const order = values.map((_, index) => index).sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Array<number>(values.length).fill(0);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (
      end < order.length &&
      nearlyEqual(values[order[end] as number] as number, values[order[end - 1] as number] as number)
    ) {
      end++;
    }
    // Positions start..end-1 (0-based) hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const shared = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = shared;
    start = end;
  }
  return ranks;
}
