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
 * - ASHA: suggestion k trains the first rung; after rung r it is promoted iff @cellsweep/search's `AshaLadder` (the
 *   tested `ashaDecisions`, one suggestion at a time) says so against the rung-r results of the suggestions before
 *   it (all of which must have reached, or been stopped below, rung r); a promoted suggestion's next rung continues
 *   from the lower rung's checkpoint (`continuesFromKey`), so a suggestion trains at most maxEpochs in all;
 * - a suggestion is finished when it was stopped, failed or trained the top rung; its value is its validation loss
 *   at the last rung it trained (Infinity when it failed);
 * - fair mode: once every suggestion of a cell is finished, its best one (highest rung, then lowest validation loss,
 *   then lowest index) is re-run on `finalSeeds` fresh seeds.
 *
 * The searcher never sees test data: `SearchTrialView` carries the validation loss only (see searchView).
 */
import { createHash } from 'node:crypto';
import {
  contentHash,
  seedList,
  trialConfigKey,
  type SweepSpec,
  type TrialConfig,
  type TrialPlan,
} from '@cellsweep/core';
import {
  AshaLadder,
  ashaRungs,
  sampleRandom,
  suggestTpe,
  validateSpace,
  type AshaStanding,
  type Observation,
  type Params,
} from '@cellsweep/search';
import { planConfigs, type PlannedTrial } from '@cellsweep/planner';
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
  /** Validation loss per rung whose result counts (Infinity for a failed trial). */
  results: number[];
  finished: boolean;
}

/** Every trial plan the sweep should have now, given its stored trials (any order, any runner). */
export function nextPlans(spec: SweepSpec, stored: readonly SearchTrialView[]): PlannedTrial[] {
  return planConfigs(spec, nextTrialPlans(spec, stored));
}

/**
 * One step of the search: the trial plans it should have now (`nextPlans`), and the content keys of the ASHA rung
 * trials that were stopped there, whose kept checkpoints the caller releases (store.releaseCheckpoints) after
 * inserting the plans. A promoted rung's checkpoint needs no release: inserting its next rung's trial moves it.
 */
export function nextSearchStep(
  spec: SweepSpec,
  stored: readonly SearchTrialView[],
  options: SearchStepOptions = {},
): { plans: PlannedTrial[]; stoppedKeys: string[] } {
  const { plans, stoppedKeys } = searchStep(spec, stored, options);
  return { plans: planConfigs(spec, plans), stoppedKeys };
}

export interface SearchStepOptions {
  /**
   * false: a promoted ASHA rung retrains from epoch 1, as before issue 17 (same results, more epochs). For measuring
   * what continuing saves (scripts/bench-asha.mjs), and as the way out should a trial ever depend on its total epoch
   * count (a decaying schedule), which continuing cannot reproduce. Default true.
   */
  continuePromoted?: boolean;
}

/** The trial plans, before widths are solved. */
export function nextTrialPlans(spec: SweepSpec, stored: readonly SearchTrialView[]): TrialPlan[] {
  return searchStep(spec, stored).plans;
}

function searchStep(
  spec: SweepSpec,
  stored: readonly SearchTrialView[],
  options: SearchStepOptions = {},
): { plans: TrialPlan[]; stoppedKeys: string[] } {
  const continuePromoted = options.continuePromoted ?? true;
  const search = spec.search;
  if (search === 'grid') throw new Error('nextTrialPlans is for adaptive search; grid sweeps use planTrials');
  const byKey = new Map(stored.map((trial) => [trial.configKey, searchView(trial)]));
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
  const stoppedKeys: string[] = [];
  const push = (config: TrialConfig, ordinal: number, key: string, rung?: { keeps: boolean; from?: string }): void => {
    plans.push({
      ordinal,
      configKey: key,
      config,
      ...(rung?.keeps ? { keepsCheckpoint: true } : {}),
      ...(rung?.from ? { continuesFromKey: rung.from } : {}),
    });
  };

  const spaceKey = contentHash({ space, seed: search.seed, tpe });
  streams.forEach((cell, stream) => {
    const base = baseConfig(spec, cell, searchSeed);
    const ladder = new AshaLadder({ rungs, reductionFactor: search.asha?.reductionFactor ?? 3 });
    const suggestions: Suggestion[] = [];
    const observations: Observation[] = [];
    let observed = spaceKey; // digest of `observations` so far, the memo key of the next TPE suggestion
    let firstUnfinished = 0;
    for (let index = 0; index < search.trials; index++) {
      // Suggestion k needs 0..k−P finished (at most P in flight); later ones wait as well.
      const seen = index - search.parallelism + 1;
      if (seen > firstUnfinished) break;
      while (observations.length < seen) {
        const s = suggestions[observations.length] as Suggestion;
        const observation = { index: s.index, params: s.params, value: s.results.at(-1) ?? Number.POSITIVE_INFINITY };
        observations.push(observation);
        observed = digest(observed, observation);
      }
      const params =
        search.method === 'random'
          ? sampleRandom(space, search.seed, index)
          : memoised(`${observed}|${index}`, () => suggestTpe(space, search.seed, index, observations, tpe));
      // Its rung trials' stored results, in rung order up to the first one not finished; ASHA decides the rest.
      const tag = { role: 'search', index, params } as const;
      const rungTrials: { config: TrialConfig; key: string }[] = [];
      const rungValues: number[] = [];
      let ended = false;
      for (let rung = 0; rung < rungs.length && !ended; rung++) {
        const config = configFor(base, params, rungs[rung] ?? maxEpochs, tag);
        const key = trialConfigKey(config);
        rungTrials.push({ config, key });
        const result = finishedResult(byKey.get(key));
        if (result === undefined) break;
        rungValues.push(result.value);
        ended = result.failed;
      }
      const standing = ladder.add({ index, rungValues, ended });
      const { planned, counted, finished } = placement(standing, rungs.length);
      // Rung r + 1 continues rung r's trial from its checkpoint (exact: a resume is bit-identical, and nothing in
      // training depends on the total epoch count); every rung below the top keeps its checkpoint until decided.
      rungTrials.slice(0, planned).forEach(({ config, key }, rung) => {
        const from = rung > 0 ? rungTrials[rung - 1]?.key : undefined;
        const ordinal = (index * rungs.length + rung) * streams.length + stream;
        if (!continuePromoted) push(config, ordinal, key);
        else push(config, ordinal, key, { keeps: rung < rungs.length - 1, ...(from ? { from } : {}) });
      });
      if (standing.kind === 'stop') stoppedKeys.push((rungTrials[standing.rung] as { key: string }).key);
      suggestions.push({ index, params, results: rungValues.slice(0, counted), finished });
      while (suggestions[firstUnfinished]?.finished === true) firstUnfinished++;
    }
    if (!fair || suggestions.length < search.trials || suggestions.some((s) => !s.finished)) return;
    const best = bestSuggestion(suggestions);
    const tuned = Object.keys(search.space);
    freshSeeds(searchSeed, search.fair?.finalSeeds ?? 0).forEach((seed, i) => {
      const config = configFor(baseConfig(spec, cell, seed), best.params, maxEpochs, {
        role: 'final',
        index: best.index,
        tuned,
      });
      push(config, (search.trials * rungs.length + i) * streams.length + stream, trialConfigKey(config));
    });
  });
  return { plans, stoppedKeys };
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
  return createHash('sha1')
    .update(previous)
    .update(JSON.stringify([observation.index, observation.params, value]))
    .digest('hex');
}

/** A stored trial's result once it is finished: its validation loss (Infinity if not finite or failed). */
function finishedResult(trial: SearchTrialView | undefined): { value: number; failed: boolean } | undefined {
  if (trial?.status === 'COMPLETED') {
    const value = trial.valLoss !== null && Number.isFinite(trial.valLoss) ? trial.valLoss : Number.POSITIVE_INFINITY;
    return { value, failed: false };
  }
  if (trial?.status === 'FAILED') return { value: Number.POSITIVE_INFINITY, failed: true };
  return undefined;
}

/**
 * What an ASHA standing means for a suggestion: how many of its rung trials exist (`planned`: the next rung's too
 * when promoted, the first rung's while nothing is reported), how many rung results count, and whether it is
 * finished (stopped, failed or through the last rung).
 */
function placement(standing: AshaStanding, rungCount: number): { planned: number; counted: number; finished: boolean } {
  switch (standing.kind) {
    case 'unreported':
      return { planned: 1, counted: 0, finished: false };
    case 'promote':
      return { planned: standing.rung + 2, counted: standing.rung + 1, finished: false };
    case 'wait':
      return { planned: standing.rung + 1, counted: standing.rung + 1, finished: false };
    case 'stop':
    case 'ended':
      return { planned: standing.rung + 1, counted: standing.rung + 1, finished: true };
    case 'complete':
      return { planned: rungCount, counted: rungCount, finished: true };
  }
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
