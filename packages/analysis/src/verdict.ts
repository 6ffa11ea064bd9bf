/**
 * The sentence for one decided comparison. It always states the direction as winner − loser (or a − b when there
 * is no winner), the 95% CI (Student-t, with its caution when it has one), the Holm p and n, so a reader can check the
 * claim without opening the JSON.
 */
import { formatInterval, formatNumber, formatP, plural } from './format.js';
import type { PairedComparison } from './paired.js';

/** Plain words for a decided comparison, e.g. "gru beats lstm on test loss (mean −0.012, 95% CI [...], ...)". */
export function describeComparison(c: Omit<PairedComparison, 'verdict'>): string {
  if (c.meanDiff === null || c.pValue === null) {
    const why = c.droppedPairs > 0 ? ` (${plural(c.droppedPairs, 'pair')} had a non-finite value)` : '';
    return `${c.a} vs ${c.b} on ${c.metricLabel}: no seed has a finite result for both${why}, so no comparison`;
  }
  const stats = (sign: 1 | -1, lead: string): string => {
    const ci =
      c.ci === null ? 'no CI with one pair' : `95% CI ${formatInterval(sign === 1 ? c.ci : [-c.ci[1], -c.ci[0]])}`;
    const p = c.familySize > 1 ? `Holm p = ${formatP(c.pHolm ?? 1)}` : `p = ${formatP(c.pValue ?? 1)}`;
    return `${lead}mean ${formatNumber(sign * (c.meanDiff ?? 0))}, ${ci}, ${p}, n = ${c.n}`;
  };

  let sentence: string;
  if (c.winner !== null) {
    const [winner, loser] = c.winner === 'a' ? [c.a, c.b] : [c.b, c.a];
    sentence = `${winner} beats ${loser} on ${c.metricLabel} (${stats(c.winner === 'a' ? 1 : -1, '')})`;
  } else {
    sentence = `no significant difference between ${c.a} and ${c.b} on ${c.metricLabel} (${stats(1, `${c.a} − ${c.b}: `)})`;
  }

  const notes: string[] = [];
  if (c.winner === null && !c.canReachAlpha) {
    const holm = c.familySize > 1 ? ` after Holm among the ${c.familySize} comparisons` : '';
    notes.push(
      `${plural(c.nonZero, 'untied pair')} can never reach p < ${formatP(c.alpha)}${holm} ` +
        `(best possible ${c.familySize > 1 ? 'Holm ' : ''}p = ${formatP(c.bestHolmP)}); ` +
        `at least ${c.minSeedsForAlpha} seeds are needed`,
    );
  }
  if (c.winner === null && c.seedsNeeded !== null && c.seedsFor80Power !== null && c.effectSize.dz !== null) {
    if (c.seedsFor80Power > c.minSeedsForAlpha || c.canReachAlpha) {
      notes.push(
        `about ${c.seedsNeeded} seeds for 80% power at the observed effect (d_z = ${formatNumber(c.effectSize.dz, 2)})`,
      );
    }
  }
  if (c.ciCaution !== null) notes.push(`CI caution: ${c.ciCaution}`);
  if (c.droppedPairs > 0) notes.push(`${plural(c.droppedPairs, 'pair')} left out: a non-finite value (diverged run)`);
  return notes.length === 0 ? sentence : `${sentence}; ${notes.join('; ')}`;
}
