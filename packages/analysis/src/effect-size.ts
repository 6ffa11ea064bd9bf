/** Effect sizes for paired differences: how big a difference is, as opposed to how sure we are that it exists. */
import { mean, sampleSd } from './describe.js';
import { RELATIVE_TIE_TOLERANCE } from './ranks.js';

/**
 * Cohen's d_z = mean(d) / sd(d) for paired differences d (Cohen 1988, §2.3.5): the standardised mean difference of
 * a paired design, and what a paired t-test's power depends on. Null when n < 2 or sd = 0 (every seed moved by the
 * same amount: the ratio is unbounded, and "infinite" would not survive JSON). An sd that is only rounding noise
 * (≤ 1e-9 of the mean, e.g. 0.1 subtracted from eight different losses) counts as 0, or d_z would read 10^15.
 */
export function cohensDz(differences: readonly number[]): number | null {
  const sd = sampleSd(differences);
  if (sd === null) return null;
  const centre = mean(differences);
  if (sd <= RELATIVE_TIE_TOLERANCE * Math.abs(centre) || sd === 0) return null;
  return centre / sd;
}

/**
 * Matched-pairs rank-biserial correlation r = (W+ − W−)/(W+ + W−) (Kerby 2014, "The simple difference formula"):
 * the share of rank mass favouring positive differences minus the share favouring negative ones, in [−1, 1]. It is
 * the effect size that goes with the Wilcoxon test, and uses the same zero-dropping and midranks. 0 when no
 * difference is non-zero.
 */
export function rankBiserial(wPlus: number, wMinus: number): number {
  const total = wPlus + wMinus;
  return total === 0 ? 0 : (wPlus - wMinus) / total;
}
