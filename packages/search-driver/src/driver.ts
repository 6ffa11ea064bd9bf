/**
 * The adaptive-search driver: stateless, the store is the state. Given a sweep's spec and its stored trials it returns
 * every trial that should exist now; callers insert them (ON CONFLICT DO NOTHING: ids are content hashes) and train the
 * new ones. The embedded runner calls it whenever a trial finishes, the scheduler from its search policy. Since the
 * answer depends on stored results only, and only on results the rules below make independent of timing, a crash,
 * a restart, a different worker count or another runner all replay to the same trials.
 *
 * Rules (docs/search.md):
 * - suggestion k of a stream is issued once suggestions 0..k−P (P = search.parallelism) are finished, and sees
 *   exactly their observations: so at most P suggestions are in flight, and what k sees does not depend on timing;
 * - ASHA: suggestion k trains the first rung; after rung r it is promoted iff `ashaPromotes` says so against the
 *   rung-r results of the suggestions before it (all of which must have reached, or been stopped below, rung r);
 * - a suggestion is finished when it was stopped, failed or trained the top rung; its value is its validation loss
 *   at the last rung it trained (Infinity when it failed);
 * - fair mode: once every suggestion of a cell is finished, its best one (highest rung, then lowest validation loss,
 *   then lowest index) is re-run on `finalSeeds` fresh seeds.
 *
 * The searcher never sees test data: `SearchTrialView` carries the validation loss only (see searchView).
 */
import { createHash } from 'node:crypto';
import { contentHash, seedList, type SweepSpec, type TrialConfig, type TrialPlan } from '@cellsweep/core';
import { ashaPromotes, ashaRungs, sampleRandom, suggestTpe, validateSpace, type Observation, type Params } from '@cellsweep/search';
import { planConfigs, trialRows, type PlannedTrial } from '@cellsweep/trainer';
import { baseConfig, configFor, searchSpace } from './space.js';

/** What the driver reads of a stored trial: deliberately no test loss, no test metric. */
export interface SearchTrialView {
  configKey: string;
  status: string;
  valLoss: number | null;
}

/** The firewall between the store and the searcher: copies the fields a search may read, and nothing else. */
export function searchView(trial: { configKey: string; status: string; valLoss: number | null }): SearchTrialView {
  return { configKey: trial.configKey, status: trial.status, valLoss: trial.valLoss };
}

/** One suggestion's progress through the rungs. */
interface Suggestion {
  index: number;
  params: Params;
  /** Validation loss per rung trained so far (Infinity for a failed trial). */
  results: number[];
  finished: boolean;
}

type Outcome = { state: 'open' } | { state: 'done'; value: number; failed: boolean };

/** Every trial plan the sweep should have now, given its stored trials (any order, any runner). */
export function nextPlans(spec: SweepSpec, stored: readonly SearchTrialView[]): PlannedTrial[] {
  return planConfigs(spec, nextTrialPlans(spec, stored));
}

/** `nextPlans` as the rows a store inserts (the store's `NewTrial` shape). */
export function nextTrials(spec: SweepSpec, sweep: { id: string }, stored: readonly SearchTrialView[]) {
  return trialRows(sweep.id, nextPlans(spec, stored));
}

/** The trial plans, before widths are solved. */
export function nextTrialPlans(spec: SweepSpec, stored: readonly SearchTrialView[]): TrialPlan[] {
  const search = spec.search;
  if (search === 'grid') throw new Error('nextTrialPlans is for adaptive search; grid sweeps use planTrials');
  const byKey = new Map(stored.map((trial) => [trial.configKey, searchView(trial)]));
  const outcome = (config: TrialConfig): { key: string; outcome: Outcome } => {
    const key = contentKey(config);
    const trial = byKey.get(key);
    if (!trial) return { key, outcome: { state: 'open' } };
    if (trial.status === 'COMPLETED') {
      const value = trial.valLoss !== null && Number.isFinite(trial.valLoss) ? trial.valLoss : Number.POSITIVE_INFINITY;
      return { key, outcome: { state: 'done', value, failed: false } };
    }
    if (trial.status === 'FAILED') return { key, outcome: { state: 'done', value: Number.POSITIVE_INFINITY, failed: true } };
    return { key, outcome: { state: 'open' } };
  };

  const fair = search.fair !== undefined;
  const streams = fair ? spec.cells : [spec.cells[0] ?? 'lstm'];
  const space = searchSpace(search, spec.cells, !fair && spec.cells.length > 1);
  validateSpace(space);
  const maxEpochs = spec.training.epochs[0] ?? 1;
  const rungs = search.asha ? ashaRungs(search.asha.minEpochs, maxEpochs, search.asha.reductionFactor) : [maxEpochs];
  const [searchSeed = 0] = seedList(spec);
  // TPE models once it has this many observations. Optuna's 10 suits budgets of 100+; at the 10-50 suggestions per
  // cell a sweep here affords, that would leave a third or more of the budget random: a fifth of it, 2 to 10.
  const tpe = { startupTrials: Math.min(10, Math.max(2, Math.ceil(search.trials / 5))) };
  const plans: TrialPlan[] = [];
  const push = (config: TrialConfig, ordinal: number, key: string): void => {
    plans.push({ ordinal, configKey: key, config });
  };

  const spaceKey = contentHash({ space, seed: search.seed, tpe });
  streams.forEach((cell, stream) => {
    const base = baseConfig(spec, cell, searchSeed);
    const suggestions: Suggestion[] = [];
    const observations: Observation[] = [];
    let observed = spaceKey; // digest of `observations` so far, the memo key of the next TPE suggestion
    for (let index = 0; index < search.trials; index++) {
      // Suggestion k needs 0..k−P finished (at most P in flight); later ones wait as well.
      const seen = index - search.parallelism + 1;
      if (suggestions.slice(0, Math.max(0, seen)).some((s) => !s.finished)) break;
      while (observations.length < seen) {
        const s = suggestions[observations.length] as Suggestion;
        const observation = { index: s.index, params: s.params, value: s.results[s.results.length - 1] ?? Number.POSITIVE_INFINITY };
        observations.push(observation);
        observed = digest(observed, observation);
      }
      const params =
        search.method === 'random'
          ? sampleRandom(space, search.seed, index)
          : memoised(`${observed}|${index}`, () => suggestTpe(space, search.seed, index, observations, tpe));
      const suggestion: Suggestion = { index, params, results: [], finished: false };
      for (let rung = 0; rung < rungs.length; rung++) {
        const epochs = rungs[rung] ?? maxEpochs;
        const config = configFor(base, params, epochs, { role: 'search', index, params });
        const { key, outcome: result } = outcome(config);
        push(config, (index * rungs.length + rung) * streams.length + stream, key);
        if (result.state === 'open') break;
        suggestion.results.push(result.value);
        if (result.failed || rung === rungs.length - 1) {
          suggestion.finished = true;
          break;
        }
        const decision = promotion(suggestion, rung, suggestions, search.asha?.reductionFactor ?? 3);
        if (decision === 'wait') break;
        if (decision === 'stop') {
          suggestion.finished = true;
          break;
        }
      }
      suggestions.push(suggestion);
    }
    if (!fair || suggestions.length < search.trials || suggestions.some((s) => !s.finished)) return;
    const best = bestSuggestion(suggestions);
    const tuned = Object.keys(search.space);
    freshSeeds(searchSeed, search.fair?.finalSeeds ?? 0).forEach((seed, i) => {
      const config = configFor(baseConfig(spec, cell, seed), best.params, maxEpochs, { role: 'final', index: best.index, tuned });
      push(config, (search.trials * rungs.length + i) * streams.length + stream, contentKey(config));
    });
  });
  return plans;
}

/**
 * TPE suggestions are pure in (space, seed, index, observations), and the driver replays every suggestion on every
 * call: without a memo a sweep of n suggestions costs O(n²) TPE fits in total (~3 s per call at 1,000). The key
 * digests exactly the inputs, so a hit is the value a fresh computation would return.
 */
const tpeMemo = new Map<string, Params>();
const TPE_MEMO_LIMIT = 100_000;

function memoised(key: string, suggest: () => Params): Params {
  const hit = tpeMemo.get(key);
  if (hit) return hit;
  if (tpeMemo.size >= TPE_MEMO_LIMIT) tpeMemo.clear();
  const params = suggest();
  tpeMemo.set(key, params);
  return params;
}

function digest(previous: string, observation: Observation): string {
  // JSON.stringify writes Infinity as null; a failed trial must not collide with a param value of null.
  const value = Number.isFinite(observation.value) ? observation.value : String(observation.value);
  return createHash('sha1').update(previous).update(JSON.stringify([observation.index, observation.params, value])).digest('hex');
}

/** ASHA at one rung: promote, stop, or wait until every earlier suggestion's rung-r fate is known. */
function promotion(suggestion: Suggestion, rung: number, earlier: readonly Suggestion[], reductionFactor: number): 'promote' | 'stop' | 'wait' {
  const peers: { index: number; value: number }[] = [];
  for (const other of earlier) {
    const value = other.results[rung];
    if (value !== undefined) peers.push({ index: other.index, value });
    else if (!other.finished) return 'wait'; // it may still reach this rung
  }
  const value = suggestion.results[rung] ?? Number.POSITIVE_INFINITY;
  return ashaPromotes({ index: suggestion.index, value }, peers, reductionFactor) ? 'promote' : 'stop';
}

/** Highest rung trained, then lowest validation loss, then lowest index (a deterministic tie-break). */
function bestSuggestion(suggestions: readonly Suggestion[]): Suggestion {
  let best = suggestions[0] as Suggestion;
  for (const s of suggestions.slice(1)) {
    const rung = s.results.length - best.results.length;
    const value = (s.results[s.results.length - 1] ?? Infinity) - (best.results[best.results.length - 1] ?? Infinity);
    if (rung > 0 || (rung === 0 && value < 0)) best = s;
  }
  return best;
}

/** `count` seeds the search never trained on: 0, 1, 2, ... skipping the search's own seed. */
export function freshSeeds(searchSeed: number, count: number): number[] {
  const seeds: number[] = [];
  for (let seed = 0; seeds.length < count; seed++) if (seed !== searchSeed) seeds.push(seed);
  return seeds;
}

/** The content key, as grid expansion computes it (the implementation is how a trial runs, not what it is). */
function contentKey(config: TrialConfig): string {
  return contentHash({ ...config, implementation: undefined });
}
