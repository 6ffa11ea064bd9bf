/**
 * The one call an integrator needs for ASHA: given every suggestion of a sweep so far with its results per rung,
 * which should train on to the next rung, which should stop, and which must wait for an earlier suggestion.
 */
import { upperBound } from '@cellsweep/core';
import { checkReductionFactor, promotes } from './asha.js';
import { SearchArgumentError } from './errors.js';

/** One suggestion (configuration) as ASHA sees it. */
export interface AshaTrial {
  /** Suggestion index. Peers are decided by it, so every suggestion issued must be passed, even one not started. */
  index: number;
  /**
   * Validation value (lower is better) at each rung reached so far: rungValues[k] after rungs[k] epochs. A rung
   * that failed is Infinity (or NaN). Per-epoch callers pass `rungs.map((e) => curve[e - 1])` for reached rungs.
   */
  rungValues: readonly number[];
  /** No further rung results will come (failed, cancelled, stopped, finished): never waited for above its last rung. */
  ended?: boolean;
}

/** What to do with each trial now. Lists are in index order; `rung` indexes the rung list. */
export interface AshaDecisions {
  /** Passed rung `rung`: train on to `epochs` = rungs[rung + 1]. Also lists trials already doing so. */
  promote: { index: number; rung: number; epochs: number }[];
  /** Lost at rung `rung`: stop training (results at later rungs, if any arrived anyway, are ignored). */
  stop: { index: number; rung: number }[];
  /** Reached rung `rung` but its decision needs the result of trial `blockedBy` (a lower index) there first. */
  waiting: { index: number; rung: number; blockedBy: number }[];
  /** Reached the last rung through promotions: done. */
  complete: number[];
}

type Decision = { kind: 'promote' } | { kind: 'stop' } | { kind: 'wait'; blockedBy: number };

/**
 * Decides every trial's position in deterministic ASHA (see {@link ashaPromotes} for the rule). `rungs` is
 * {@link ashaRungs}'s output (only its length and the `epochs` reported back are used).
 *
 * Contract:
 * - Pure: the same trials give the same decisions whatever order they are listed in and whenever it is called.
 *   Callers re-run it after each report and act on what changed; every list is idempotent to act on.
 * - Trial i's peers at rung k are the trials j < i promoted through rungs 0..k−1 that reached rung k. Trial i waits
 *   while some such j might still reach rung k: j is missing from `trials`, has not reached an earlier rung, is
 *   waiting itself, or was promoted and is still training. An `ended` trial that did not reach rung k is not a peer.
 * - Decisions depend on rung values and earlier decisions only, never on how far a trial got past a rung it has
 *   not been promoted from. So a waiting trial may keep training speculatively; if it is later stopped, those epochs
 *   are wasted but no decision changes. Do not let waiting trials hold workers idle: P of them could starve the
 *   lower-index trial they wait for. Keep them training, or checkpoint and release the worker.
 * - Ended trials appear in no list except `complete` (nothing to act on); their results still count as peers.
 * - Non-finite values (failures, NaN) are stopped at the rung and rank below every finite peer.
 */
export function ashaDecisions(
  trials: readonly AshaTrial[],
  options: { rungs: readonly number[]; reductionFactor: number },
): AshaDecisions {
  const { rungs, reductionFactor } = options;
  checkReductionFactor(reductionFactor);
  checkRungs(rungs);
  const byIndex = new Map<number, AshaTrial>();
  for (const trial of trials) {
    if (!Number.isSafeInteger(trial.index) || trial.index < 0) {
      throw new SearchArgumentError('trials[].index', `must be a non-negative integer (got ${trial.index})`);
    }
    if (byIndex.has(trial.index)) {
      throw new SearchArgumentError('trials[].index', `trial ${trial.index} is listed twice`);
    }
    byIndex.set(trial.index, trial);
  }
  const reached = (trial: AshaTrial): number => Math.min(trial.rungValues.length, rungs.length);
  const valueAt = (trial: AshaTrial, rung: number): number => {
    const value = trial.rungValues[rung] as number;
    return Number.isNaN(value) ? Infinity : value;
  };
  const lastRung = rungs.length - 1;
  const lastIndex = Math.max(-1, ...byIndex.keys());
  // decisions[i][k]: trial i's decision at rung k, filled up to its first non-promotion.
  const decisions = new Map<number, Decision[]>([...byIndex.keys()].map((index) => [index, []]));

  // Rung by rung, in index order: trial i's decision at rung k needs only the rung-k status of trials j < i, and
  // their status needs only their decisions at rungs below k. Peer values are kept sorted, so a rank is a search.
  for (let rung = 0; rung < lastRung; rung++) {
    const peerValues: number[] = [];
    let blockedBy: number | undefined;
    for (let index = 0; index <= lastIndex; index++) {
      const trial = byIndex.get(index);
      const made: Decision[] = decisions.get(index) ?? [];
      const count = trial === undefined ? 0 : reached(trial);
      const promotedSoFar = made.length === rung && !made.some((d) => d.kind !== 'promote');
      if (trial !== undefined && count > rung && promotedSoFar) {
        const value = valueAt(trial, rung);
        // upperBound counts the peers at or below the value: those that beat the candidate (ties go to the peers'
        // lower indices).
        made.push(
          blockedBy !== undefined
            ? { kind: 'wait', blockedBy }
            : promotes(upperBound(peerValues, value), peerValues.length + 1, value, reductionFactor)
              ? { kind: 'promote' }
              : { kind: 'stop' },
        );
      }
      // This trial's status for the trials after it: a peer at this rung, out of it (stopped below it, or ended
      // before reaching it), or not known yet (missing, training toward it, or waiting itself), which blocks them.
      const isPeer = trial !== undefined && promotedSoFar && count > rung;
      const isOut = trial !== undefined && (trial.ended === true || made.some((d) => d.kind === 'stop'));
      if (isPeer) insertSorted(peerValues, valueAt(trial, rung));
      else if (!isOut) blockedBy ??= index;
    }
  }

  const result: AshaDecisions = { promote: [], stop: [], waiting: [], complete: [] };
  for (const [index, made] of [...decisions].sort(([a], [b]) => a - b)) {
    const trial = byIndex.get(index) as AshaTrial;
    const count = reached(trial);
    if (count === 0) continue;
    const latest = made.at(-1);
    const rung = made.length - 1;
    if (latest === undefined || (latest.kind === 'promote' && count > lastRung)) result.complete.push(index);
    else if (trial.ended === true) continue;
    else if (latest.kind === 'promote') result.promote.push({ index, rung, epochs: rungs[rung + 1] as number });
    else if (latest.kind === 'stop') result.stop.push({ index, rung });
    else result.waiting.push({ index, rung, blockedBy: latest.blockedBy });
  }
  return result;
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(upperBound(sorted, value), 0, value);
}

function checkRungs(rungs: readonly number[]): void {
  if (rungs.length === 0) throw new SearchArgumentError('rungs', 'needs at least one rung (use ashaRungs)');
  rungs.forEach((epochs, k) => {
    if (!Number.isInteger(epochs) || epochs < 1 || (k > 0 && epochs <= (rungs[k - 1] as number))) {
      const reason = `rungs must be ascending positive integers (got ${rungs.join(', ')})`;
      throw new SearchArgumentError(`rungs[${k}]`, reason);
    }
  });
}
