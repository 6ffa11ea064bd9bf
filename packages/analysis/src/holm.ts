/**
 * Holm–Bonferroni step-down adjustment (Holm 1979). A report asks many questions at once (every pair of cells at
 * every size and setting); testing each at 0.05 would make some "winner" appear by chance. Holm controls the
 * family-wise error rate at alpha like Bonferroni but rejects at least as often.
 *
 * Sorted ascending p(1) ≤ ... ≤ p(m): adjusted p(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)). Reject exactly the
 * hypotheses whose adjusted p < alpha. Equal p-values keep their input order (a stable sort), which does not change
 * any adjusted value.
 */
import { AnalysisArgumentError } from './errors.js';

/** Holm-adjusted p-values, in the input order. */
export function holmAdjust(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const order = pValues.map((_, index) => index).sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach((index, step) => {
    running = Math.max(running, Math.min(1, (m - step) * (pValues[index] as number)));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Throws AnalysisArgumentError unless every p-value is in [0, 1]. */
export function checkPValues(pValues: ArrayLike<number>): void {
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i] as number;
    if (!(p >= 0 && p <= 1)) throw new AnalysisArgumentError('pValues', `each must be in [0, 1], got ${p}`);
  }
}
