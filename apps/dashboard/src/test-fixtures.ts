/**
 * Seeded sweeps for the dashboard's tests, written through the store's own repositories (what a real run writes).
 * Deterministic: the same call always produces the same trials and losses.
 */
import { gradientSlope } from '@cellsweep/analysis';
import type { NewTrial, Store, SweepRecord } from '@cellsweep/store';

export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export const BUDGETS = [2_000, 8_000] as const;
export const LEARNING_RATES = [0.01, 0.003] as const;
export const SEEDS = [0, 1, 2] as const;

/** mulberry32: a tiny seeded generator, so fixtures are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CELL_FACTOR: Record<string, number> = { rnn: 4, lstm: 1, gru: 1 };

/** Input steps of the fixtures' task (`task.sequenceLength`): the length of every gradient-norm curve. */
export const SEQUENCE_STEPS = 30;
/** Trials of these seeds carry the gradient-reach probe; the others (all of seed 2) did not measure it. */
export const GRADIENT_SEEDS: readonly number[] = [0, 1];
/**
 * Per-step decay of ‖∂loss_T/∂x_t‖ going back from the last step: before training (all seeds) and after it (per
 * seed). The norm k steps back is scale·rate^k, so the reach (norm ≥ 1e-3 of the largest) is the k's with
 * rate^k ≥ 1e-3, plus one: e.g. 0.5^9 = 0.00195 but 0.5^10 = 0.00098, so rate 0.5 reaches 10 steps.
 */
export const GRADIENT_DECAY: Record<string, { initial: number; final: readonly [number, number] }> = {
  rnn: { initial: 0.4, final: [0.5, 0.6] },
  lstm: { initial: 0.6, final: [0.75, 0.7] },
  gru: { initial: 0.55, final: [0.7, 0.55] },
};

/** The trainer's definition (packages/trainer gradientReach), restated so fixtures need no tfjs. */
export function reachOf(norms: readonly number[], threshold = 1e-3): number {
  const largest = Math.max(0, ...norms.filter(Number.isFinite));
  if (largest === 0) return 0;
  let steps = 0;
  for (let t = norms.length - 1; t >= 0 && (norms[t] ?? 0) >= threshold * largest; t--) steps++;
  return steps;
}

function normsWithDecay(rate: number, scale: number): number[] {
  return Array.from({ length: SEQUENCE_STEPS }, (_, t) => scale * rate ** (SEQUENCE_STEPS - 1 - t));
}

/** The decay after `epoch` of `epochs`: from the untrained rate towards the trained one, exactly it at the end. */
function decayAt(cell: string, seed: number, epoch: number, epochs: number): number {
  const decay = GRADIENT_DECAY[cell]!;
  const final = decay.final[seed]!;
  return epoch >= epochs ? final : decay.initial + ((final - decay.initial) * epoch) / epochs;
}

function paramCountOf(cell: string, budget: number): number {
  return Math.round(budget * (cell === 'rnn' ? 0.97 : cell === 'lstm' ? 1.01 : 0.99));
}

export function trialConfig(cell: string, budget: number, learningRate: number, seed: number, epochs: number): object {
  return {
    task: { dataset: 'adding', sequenceLength: 30 },
    cell,
    size: { kind: 'budget', paramBudget: budget },
    layers: 1,
    recurrentActivation: 'tanh',
    unitForgetBias: true,
    training: { epochs, batchSize: 32, optimizer: 'adam', learningRate, clipNorm: null, earlyStoppingPatience: null },
    seed,
  };
}

export interface SeededSweep {
  sweep: SweepRecord;
  trialIds: string[];
  completedIds: string[];
  runningIds: string[];
  failedIds: string[];
  pendingIds: string[];
}

/**
 * 36 trials (3 cells × 2 budgets × 2 learning rates × 3 seeds): the last two of them stay PENDING, the two before are
 * RUNNING (with some epochs), two FAILED, the rest COMPLETED with `epochs` epoch rows each.
 */
export async function seedSweep(
  store: Store,
  name: string,
  options: { epochs?: number; gradients?: boolean } = {},
): Promise<SeededSweep> {
  const epochs = options.epochs ?? 8;
  const gradients = options.gradients ?? true;
  const random = seededRandom(42);
  const sweep = await store.upsertSweep({
    name,
    spec: { name, task: { dataset: 'adding' }, cells: [...CELLS] },
    specHash: `hash-${name}`,
  });
  const plans: NewTrial[] = [];
  for (const seed of SEEDS)
    for (const budget of BUDGETS)
      for (const learningRate of LEARNING_RATES)
        for (const cell of CELLS) {
          plans.push({
            configKey: `${cell}-${budget}-${learningRate}-${seed}`,
            ordinal: plans.length,
            cell,
            hidden: Math.round(Math.sqrt(budget / (cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1))),
            layers: 1,
            paramBudget: budget,
            paramCount: paramCountOf(cell, budget),
            seed,
            config: trialConfig(cell, budget, learningRate, seed, epochs),
          });
        }
  await store.addTrials(sweep.id, plans);
  const trials = await store.listTrials(sweep.id);
  const result: SeededSweep = {
    sweep,
    trialIds: trials.map((t) => t.id),
    completedIds: [],
    runningIds: [],
    failedIds: [],
    pendingIds: [],
  };
  for (const [index, trial] of trials.entries()) {
    const fromEnd = trials.length - index;
    if (fromEnd <= 2) {
      result.pendingIds.push(trial.id);
      continue;
    }
    const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
    const floor = 0.05 * CELL_FACTOR[trial.cell]! * (8_000 / (trial.paramBudget ?? 8_000)) ** 0.3;
    const runEpochs = fromEnd <= 4 ? 3 : epochs;
    const probed = gradients && GRADIENT_SEEDS.includes(trial.seed);
    let trainLoss = 1;
    let valLoss = 1;
    for (let epoch = 1; epoch <= runEpochs; epoch++) {
      trainLoss = floor + (1 - floor) * Math.exp(-epoch / 2) * (0.9 + 0.2 * random());
      valLoss = trainLoss * (1.05 + 0.1 * random());
      const gradientNorms = probed
        ? normsWithDecay(decayAt(trial.cell, trial.seed, epoch, runEpochs), 0.5 + trial.ordinal / 10)
        : [];
      await store.recordAttemptEpoch(trial.id, attempt, {
        epoch,
        trainLoss,
        valLoss,
        trainMetric: null,
        valMetric: null,
        samplesPerSec: 700 + 50 * random(),
        epochTimeMs: 120,
        ...(probed
          ? { gradientNorms, gradientReach: reachOf(gradientNorms), gradientSlope: gradientSlope(gradientNorms) }
          : {}),
      });
    }
    if (fromEnd <= 4) {
      result.runningIds.push(trial.id);
    } else if (fromEnd <= 6) {
      await store.failTrial(trial.id, attempt, 'loss became NaN at epoch 3');
      result.failedIds.push(trial.id);
    } else {
      const testLoss = valLoss * (1 + 0.05 * random());
      await store.completeTrial(trial.id, {
        attempt,
        kernels: 'relaxed',
        wallTimeMs: 1_000 + Math.round(1_000 * random()),
        epochsRun: runEpochs,
        bestEpoch: runEpochs,
        trainLoss,
        valLoss,
        testLoss,
        generalizationGap: testLoss - trainLoss,
        ...(probed
          ? {
              initialGradientReach: reachOf(normsWithDecay(GRADIENT_DECAY[trial.cell]!.initial, 1)),
              gradientReach: reachOf(normsWithDecay(decayAt(trial.cell, trial.seed, runEpochs, runEpochs), 1)),
              // A geometric curve's slope is ln(rate) per step back (what the API test checks against).
              initialGradientSlope: gradientSlope(normsWithDecay(GRADIENT_DECAY[trial.cell]!.initial, 1)),
              gradientSlope: gradientSlope(normsWithDecay(decayAt(trial.cell, trial.seed, runEpochs, runEpochs), 1)),
            }
          : {}),
      });
      result.completedIds.push(trial.id);
    }
  }
  return result;
}

/** Finishes a RUNNING trial (as a worker would), for live-view tests. */
export async function finishTrial(store: Store, trialId: string, valLoss: number): Promise<void> {
  const trial = await store.getTrial(trialId);
  await store.completeTrial(trialId, {
    attempt: trial.attempt,
    wallTimeMs: 1_500,
    epochsRun: 3,
    bestEpoch: 3,
    trainLoss: valLoss * 0.9,
    valLoss,
    testLoss: valLoss * 1.02,
    generalizationGap: valLoss * 0.12,
  });
}
