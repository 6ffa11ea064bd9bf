/**
 * The one implementation of deterministic ASHA decisions (the rule itself is {@link ashaPromotes}): given every
 * suggestion of a sweep with its results per rung, which should train on to the next rung, which should stop, and
 * which must wait for an earlier suggestion. `AshaLadder` takes suggestions one at a time in index order (what the
 * search driver does while it replays a sweep); `ashaDecisions` is the same over a whole list at once.
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

/** Where one trial stands, given itself and every lower index: one of {@link AshaDecisions}' lists, or neither. */
export type AshaStanding =
  /** No rung reached yet (or not issued): nothing to decide. */
  | { kind: 'unreported' }
  | { kind: 'promote'; rung: number; epochs: number }
  | { kind: 'stop'; rung: number }
  | { kind: 'wait'; rung: number; blockedBy: number }
  | { kind: 'complete' }
  /**
   * `ended` without completing: no further results come, nothing to act on; its results still count as peers.
   * `rung` is the last rung whose result counts (results past a lost rung do not).
   */
  | { kind: 'ended'; rung: number };

type Decision = { kind: 'promote' } | { kind: 'stop' } | { kind: 'wait'; blockedBy: number };

/**
 * Decides trials one at a time, in index order (0, 1, 2, ...). Trial i's decisions need only the rung statuses of
 * the trials before it, so each `add` is final for that trial given the results passed so far; peer values are
 * kept sorted per rung, so each decision is a binary search.
 *
 * Contract (the same for {@link ashaDecisions}):
 * - Trial i's peers at rung k are the trials j < i promoted through rungs 0..k−1 that reached rung k. Trial i waits
 *   while some such j might still reach rung k: j is missing, has not reached an earlier rung, is waiting itself,
 *   or was promoted and is still training. An `ended` trial that did not reach rung k is not a peer.
 * - Decisions depend on rung values and earlier decisions only, never on how far a trial got past a rung it has
 *   not been promoted from. So a waiting trial may keep training speculatively; if it is later stopped, those epochs
 *   are wasted but no decision changes. Do not let waiting trials hold workers idle: P of them could starve the
 *   lower-index trial they wait for. Keep them training, or checkpoint and release the worker.
 * - Non-finite values (failures, NaN) are stopped at the rung and rank below every finite peer.
 */
export class AshaLadder {
  private readonly rungs: readonly number[];
  private readonly reductionFactor: number;
  /** Per rung below the last: the sorted values of its peers so far, and the first index whose status is unknown. */
  private readonly peerValues: number[][];
  private readonly blockedBy: (number | undefined)[];
  private nextIndex = 0;

  constructor(options: { rungs: readonly number[]; reductionFactor: number }) {
    checkReductionFactor(options.reductionFactor);
    checkRungs(options.rungs);
    this.rungs = options.rungs;
    this.reductionFactor = options.reductionFactor;
    this.peerValues = options.rungs.slice(1).map(() => []);
    this.blockedBy = options.rungs.slice(1).map(() => undefined);
  }

  /** Adds the trial with the next index (`undefined`: not issued or not known yet) and returns its standing. */
  add(trial: AshaTrial | undefined): AshaStanding {
    const index = this.nextIndex++;
    if (trial !== undefined && trial.index !== index) {
      throw new SearchArgumentError('trial.index', `the ladder expects index ${index} next (got ${trial.index})`);
    }
    const count = trial === undefined ? 0 : Math.min(trial.rungValues.length, this.rungs.length);
    const valueAt = (rung: number): number => {
      const value = trial?.rungValues[rung] as number;
      return Number.isNaN(value) ? Infinity : value;
    };
    const made: Decision[] = [];
    const lastRung = this.rungs.length - 1;
    for (let rung = 0; rung < lastRung; rung++) {
      const peers = this.peerValues[rung] as number[];
      const promotedSoFar = made.length === rung && !made.some((d) => d.kind !== 'promote');
      const isPeer = trial !== undefined && promotedSoFar && count > rung;
      if (isPeer) {
        const value = valueAt(rung);
        const blockedBy = this.blockedBy[rung];
        // upperBound counts the peers at or below the value: those that beat the candidate (ties go to the peers'
        // lower indices).
        made.push(
          blockedBy !== undefined
            ? { kind: 'wait', blockedBy }
            : promotes(upperBound(peers, value), peers.length + 1, value, this.reductionFactor)
              ? { kind: 'promote' }
              : { kind: 'stop' },
        );
      }
      // This trial's status for the trials after it: a peer at this rung, out of it (stopped below it, or ended
      // before reaching it), or not known yet (missing, training toward it, or waiting itself), which blocks them.
      const isOut = trial !== undefined && (trial.ended === true || made.some((d) => d.kind === 'stop'));
      if (isPeer) peers.splice(upperBound(peers, valueAt(rung)), 0, valueAt(rung));
      else if (!isOut) this.blockedBy[rung] ??= index;
    }
    if (trial === undefined || count === 0) return { kind: 'unreported' };
    const latest = made.at(-1);
    const rung = made.length - 1;
    if (latest === undefined || (latest.kind === 'promote' && count > lastRung)) return { kind: 'complete' };
    if (trial.ended === true) return { kind: 'ended', rung };
    if (latest.kind === 'promote') return { kind: 'promote', rung, epochs: this.rungs[rung + 1] as number };
    if (latest.kind === 'stop') return { kind: 'stop', rung };
    return { kind: 'wait', rung, blockedBy: latest.blockedBy };
  }
}

/**
 * Decides every trial's position in deterministic ASHA (see {@link ashaPromotes} for the rule and
 * {@link AshaLadder} for the contract). `rungs` is {@link ashaRungs}'s output (only its length and the `epochs`
 * reported back are used).
 *
 * Pure: the same trials give the same decisions whatever order they are listed in and whenever it is called.
 * Callers re-run it after each report and act on what changed; every list is idempotent to act on. Ended trials
 * appear in no list except `complete` (nothing to act on).
 */
export function ashaDecisions(
  trials: readonly AshaTrial[],
  options: { rungs: readonly number[]; reductionFactor: number },
): AshaDecisions {
  const ladder = new AshaLadder(options);
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
  const result: AshaDecisions = { promote: [], stop: [], waiting: [], complete: [] };
  const lastIndex = Math.max(-1, ...byIndex.keys());
  for (let index = 0; index <= lastIndex; index++) {
    const standing = ladder.add(byIndex.get(index));
    switch (standing.kind) {
      case 'promote':
        result.promote.push({ index, rung: standing.rung, epochs: standing.epochs });
        break;
      case 'stop':
        result.stop.push({ index, rung: standing.rung });
        break;
      case 'wait':
        result.waiting.push({ index, rung: standing.rung, blockedBy: standing.blockedBy });
        break;
      case 'complete':
        result.complete.push(index);
        break;
      case 'unreported':
      case 'ended':
        break;
    }
  }
  return result;
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
