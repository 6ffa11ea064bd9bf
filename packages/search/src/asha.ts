/**
 * Asynchronous successive halving (ASHA; Li et al. 2018, "A System for Massively Parallel Hyperparameter Tuning",
 * arXiv:1810.05934), made deterministic.
 *
 * In the paper a trial is promoted from a rung when it is in the top 1/η of everything that has reached that rung
 * so far, which depends on which workers happened to report first. Here the peers of trial k at a rung are the
 * trials with a LOWER suggestion index that reached the rung, and the caller waits until all of them have
 * reported (or can no longer report). Each decision is then a pure function of the sweep's results, so a replayed
 * or resumed sweep makes the same decisions whatever the timing.
 */
import { SearchArgumentError } from './errors.js';

/**
 * Epoch counts at which trials are compared, ascending, the last always `maxEpochs`:
 * round(minEpochs·η^k) for every k with that below maxEpochs, then maxEpochs.
 *
 * One exception: the last geometric rung is dropped when maxEpochs is within a factor √η of it. (2, 20, 3) gives
 * [2, 6, 20], not [2, 6, 18, 20]: a rung at 18 would stop two thirds of the trials to save 2 epochs each (10% of
 * their budget) and throw away the ranking information those 2 epochs buy. (1, 27, 3) gives [1, 3, 9, 27]. Choose
 * maxEpochs = minEpochs·η^k for textbook rungs. minEpochs = maxEpochs gives a single rung (no early stopping).
 */
export function ashaRungs(minEpochs: number, maxEpochs: number, reductionFactor: number): number[] {
  if (!Number.isInteger(minEpochs) || minEpochs < 1) {
    throw new SearchArgumentError('minEpochs', `must be an integer >= 1 (got ${minEpochs})`);
  }
  if (!Number.isInteger(maxEpochs) || maxEpochs < minEpochs) {
    throw new SearchArgumentError('maxEpochs', `must be an integer >= minEpochs = ${minEpochs} (got ${maxEpochs})`);
  }
  checkReductionFactor(reductionFactor);
  const rungs: number[] = [];
  for (let k = 0; ; k++) {
    const epochs = Math.round(minEpochs * reductionFactor ** k);
    if (epochs >= maxEpochs) break;
    if (epochs > (rungs.at(-1) ?? 0)) rungs.push(epochs);
  }
  const last = rungs.at(-1);
  if (last !== undefined && rungs.length > 1 && maxEpochs < last * Math.sqrt(reductionFactor)) rungs.pop();
  rungs.push(maxEpochs);
  return rungs;
}

/**
 * Deterministic ASHA promotion. Trial `candidate` finished a rung with validation `value` (lower is better);
 * `peers` are the same rung's results of the trials with a lower suggestion index (every one of them that reached
 * the rung: the caller waits until they have reported). Promotes iff the candidate ranks within the top
 * max(1, floor(n / η)) of peers ∪ {candidate}, n = peers.length + 1.
 *
 * - The "at least 1" is Optuna's SuccessiveHalvingPruner rule and keeps the first η − 1 trials from being stopped
 *   with nothing to compare against: trial 0 is always promoted, trial 1 only if it beats trial 0, and so on.
 *   (Plain floor(n / η) would stop the first η − 1 trials at every rung, however good they are.)
 * - Ties go to the lower index (the earlier suggestion), so the rank is a strict total order.
 * - A non-finite value (failed or diverged, NaN included) is never promoted and ranks below every finite value.
 */
export function ashaPromotes(
  candidate: { index: number; value: number },
  peers: readonly { index: number; value: number }[],
  reductionFactor: number,
): boolean {
  checkReductionFactor(reductionFactor);
  let better = 0;
  for (const peer of peers) {
    if (peer.value < candidate.value || (peer.value === candidate.value && peer.index < candidate.index)) better++;
  }
  return promotes(better, peers.length + 1, candidate.value, reductionFactor);
}

/** The rule itself: `better` of the `n` results at the rung (candidate included) rank above the candidate. */
export function promotes(better: number, n: number, value: number, reductionFactor: number): boolean {
  return Number.isFinite(value) && better < Math.max(1, Math.floor(n / reductionFactor));
}

export function checkReductionFactor(reductionFactor: number): void {
  if (!Number.isFinite(reductionFactor) || reductionFactor <= 1) {
    throw new SearchArgumentError('reductionFactor', `must be a number > 1, typically 3 or 4 (got ${reductionFactor})`);
  }
}
