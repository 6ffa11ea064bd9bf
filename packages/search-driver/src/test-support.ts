/**
 * Test helpers (never used by shipped code): a sweep "store" as a plain array of trials, and a simulated runner
 * that finishes open trials with a synthetic, seeded objective in a chosen order, calling the driver after each,
 * exactly as the embedded runner and the scheduler do.
 */
import { canonicalJson, createRng, parseSweepSpec, type SweepSpec, type TrialConfig } from '@cellsweep/core';
import { nextTrialPlans } from './driver.js';

export interface FakeTrial {
  configKey: string;
  config: TrialConfig;
  status: 'PENDING' | 'COMPLETED' | 'FAILED';
  valLoss: number | null;
  /** Present to prove the driver ignores them. */
  testLoss: number | null;
  testMetric: number | null;
}

/**
 * A smooth synthetic validation loss: best near learningRate 0.01 and batchSize 64, lower with more epochs, GRU a
 * little better than LSTM; test loss is a different function so a leak would show.
 */
export function syntheticLoss(config: TrialConfig): { valLoss: number; testLoss: number } {
  const lr = Math.log10(config.training.learningRate);
  const batch = Math.log2(config.training.batchSize) - 6;
  const cell = config.cell === 'gru' ? 0 : config.cell === 'lstm' ? 0.05 : 0.1;
  const base = 0.02 + 0.05 * (lr + 2) ** 2 + 0.01 * batch ** 2 + cell;
  const valLoss = base * (1 + 2 / config.training.epochs) + 0.001 * (config.seed % 7);
  return { valLoss, testLoss: 1 - valLoss };
}

export interface Simulation {
  /** The store after every trial finished. */
  trials: FakeTrial[];
  /** The store after each finish, in order (a crash could happen after any of them). */
  snapshots: FakeTrial[][];
}

/**
 * Runs a sweep to the end. `workers` trials run at once; which open trial finishes next is drawn from `orderSeed`,
 * so different seeds are different timings. `fail` marks trials as failed instead.
 */
export function simulate(
  spec: SweepSpec,
  options: { orderSeed?: number; workers?: number; fail?: (config: TrialConfig) => boolean } = {},
): Simulation {
  const rng = createRng(options.orderSeed ?? 1);
  const workers = options.workers ?? 4;
  const trials: FakeTrial[] = [];
  const snapshots: FakeTrial[][] = [];
  const sync = (): void => {
    for (const plan of nextTrialPlans(spec, trials)) {
      if (trials.some((trial) => trial.configKey === plan.configKey)) continue;
      trials.push({
        configKey: plan.configKey,
        config: plan.config,
        status: 'PENDING',
        valLoss: null,
        testLoss: null,
        testMetric: null,
      });
    }
  };
  sync();
  for (let guard = 0; guard < 100_000; guard++) {
    // The first `workers` pending trials are "running"; one of them, drawn at random, finishes first.
    const running = trials.filter((trial) => trial.status === 'PENDING').slice(0, workers);
    if (running.length === 0) break;
    const done = running[rng.int(running.length)] as FakeTrial;
    if (options.fail?.(done.config)) done.status = 'FAILED';
    else {
      const { valLoss, testLoss } = syntheticLoss(done.config);
      Object.assign(done, { status: 'COMPLETED', valLoss, testLoss, testMetric: testLoss });
    }
    snapshots.push(trials.map((trial) => ({ ...trial })));
    sync();
  }
  return { trials, snapshots };
}

/** A small spec with a search block (YAML body of `search:`). */
export function searchSpec(search: string, extra = ''): SweepSpec {
  return parseSweepSpec(
    [
      'name: s',
      'task: { dataset: adding, sequenceLength: 10, trainSize: 64, validationSize: 32, testSize: 32 }',
      'cells: [lstm, gru]',
      'hidden: 8',
      'training: { epochs: 9 }',
      extra,
      `search: ${search}`,
    ].join('\n'),
  );
}

/** What the searcher chose, comparable across runs: each suggestion's index, cell, role, epochs and values. */
export function choices(trials: readonly FakeTrial[]): string[] {
  return (
    trials
      // Canonical JSON: a trial read back from Postgres (jsonb) has its keys in another order.
      .map((trial) => canonicalJson([trial.config.cell, trial.config.search, trial.config.training, trial.config.seed]))
      .sort()
  );
}
