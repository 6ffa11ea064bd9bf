/** What an adaptive search will spend, for `cellsweep plan`: suggestions per cell, rungs, trial and epoch bounds. */
import { seedList, type SweepSpec } from '@cellsweep/core';
import { ashaRungs } from '@cellsweep/search';
import { freshSeeds } from './driver.js';

export interface SearchBudget {
  method: 'random' | 'tpe';
  /** The cells searched separately (fair mode), or all cells in one search. */
  streams: string[][];
  suggestionsPerStream: number;
  parallelism: number;
  /** Epochs per rung (one rung, training.epochs, without ASHA). */
  rungs: number[];
  /** Seed the search trains on; final seeds (fair mode) are fresh. */
  searchSeed: number;
  finalSeeds: number[];
  /** Bounds over all streams: ASHA stops most suggestions early, so it usually spends far less than the most. */
  trials: { least: number; most: number };
  epochs: { least: number; most: number };
  /** Plain-words lines. */
  lines: string[];
}

export function describeSearchBudget(spec: SweepSpec): SearchBudget {
  const search = spec.search;
  if (search === 'grid') throw new Error('describeSearchBudget is for adaptive search');
  const fair = search.fair !== undefined;
  const streams = fair ? spec.cells.map((cell) => [cell]) : [[...spec.cells]];
  const maxEpochs = spec.training.epochs[0] ?? 1;
  const rungs = search.asha ? ashaRungs(search.asha.minEpochs, maxEpochs, search.asha.reductionFactor) : [maxEpochs];
  const [searchSeed = 0] = seedList(spec);
  const finalSeeds = freshSeeds(searchSeed, search.fair?.finalSeeds ?? 0);
  const n = search.trials;
  const finals = finalSeeds.length * streams.length;
  // Trials: every suggestion trains the first rung; at most all of them train every rung.
  const trials = { least: n * streams.length + finals, most: n * rungs.length * streams.length + finals };
  const first = rungs[0] ?? maxEpochs;
  const epochs = {
    least: (n * first + finalSeeds.length * maxEpochs) * streams.length,
    // A promoted suggestion continues from its lower rung's checkpoint: through every rung it trains maxEpochs.
    most: (n * maxEpochs + finalSeeds.length * maxEpochs) * streams.length,
  };
  const who = fair
    ? `per cell (${spec.cells.join(', ')}; same seed, same budget each)`
    : `over ${spec.cells.length > 1 ? `cells ${spec.cells.join(', ')} and ` : ''}the space`;
  const lines = [
    `${search.method} search: ${n} suggestions ${who}, at most ${search.parallelism} in flight, search seed ${search.seed}`,
    `space: ${Object.entries(search.space)
      .map(
        ([name, domain]) =>
          `${name} ${'choice' in domain ? `∈ {${domain.choice.map(String).join(', ')}}` : `∈ [${('float' in domain ? domain.float : domain.int).join(', ')}]${domain.log ? ' log' : ''}${'int' in domain ? ' int' : ''}`}${
            domain.when
              ? ` when ${Object.entries(domain.when)
                  .map(([p, v]) => `${p} ∈ {${v.join(', ')}}`)
                  .join('')}`
              : ''
          }`,
      )
      .join('; ')}`,
    search.asha
      ? `ASHA: rungs at ${rungs.join(', ')} epochs (η = ${search.asha.reductionFactor}); each rung keeps the best 1/${search.asha.reductionFactor} of the suggestions before it; a promoted suggestion continues from its rung's checkpoint`
      : `every suggestion trains ${maxEpochs} epochs`,
    `suggestions train on seed ${searchSeed}` +
      (fair
        ? `; then each cell's best (validation loss) is re-run on fresh seeds ${finalSeeds.join(', ')}, and only those runs are compared`
        : ''),
    `budget: ${trials.least === trials.most ? trials.most : `${trials.least}–${trials.most}`} trials, ${epochs.least === epochs.most ? epochs.most : `${epochs.least}–${epochs.most}`} epochs in all`,
  ];
  return {
    method: search.method,
    streams,
    suggestionsPerStream: n,
    parallelism: search.parallelism,
    rungs,
    searchSeed,
    finalSeeds,
    trials,
    epochs,
    lines,
  };
}
