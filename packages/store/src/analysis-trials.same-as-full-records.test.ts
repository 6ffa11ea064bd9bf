import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, uniqueName } from './test-support.js';
import type { NewTrial, TrialRecord } from './types.js';

const COLUMN_KEYS = ['cell', 'seed', 'size', 'layers', 'hidden', 'paramBudget'];

/** 12 trials over 2 learning rates × 2 cells × 3 seeds, ordinals shuffled against insertion order. */
function trials(): NewTrial[] {
  const out: NewTrial[] = [];
  for (const learningRate of [0.01, 0.003]) {
    for (const cell of ['gru', 'lstm']) {
      for (const seed of [0, 1, 2]) {
        out.push({
          id: uniqueName('trial'),
          configKey: `${cell}-${learningRate}-${seed}`,
          ordinal: (out.length * 7) % 12,
          cell,
          hidden: 8,
          layers: 1,
          paramBudget: 500,
          paramCount: cell === 'gru' ? 498 : 505,
          seed,
          config: {
            task: { dataset: 'adding', sequenceLength: 10 },
            cell,
            size: { kind: 'budget', paramBudget: 500 },
            layers: 1,
            seed,
            training: { learningRate, epochs: 2 },
            ...(cell === 'lstm' ? { unitForgetBias: true } : {}),
          },
        });
      }
    }
  }
  return out;
}

/** What the analysis read model promises for a full record: its columns, and its config without the column keys. */
function expected(record: TrialRecord) {
  const config = Object.fromEntries(Object.entries(record.config).filter(([key]) => !COLUMN_KEYS.includes(key)));
  return {
    id: record.id,
    ordinal: record.ordinal,
    cell: record.cell,
    layers: record.layers,
    hidden: record.hidden,
    paramBudget: record.paramBudget,
    paramCount: record.paramCount,
    seed: record.seed,
    status: record.status,
    backend: record.backend,
    trainLoss: record.trainLoss,
    valLoss: record.valLoss,
    testLoss: record.testLoss,
    generalizationGap: record.generalizationGap,
    metricName: record.metricName,
    trainMetric: record.trainMetric,
    valMetric: record.valMetric,
    testMetric: record.testMetric,
    initialGradientSlope: record.initialGradientSlope,
    gradientSlope: record.gradientSlope,
    config,
  };
}

for (const driver of DRIVERS) {
  describe(`analysis read model on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver)));
    after(() => close());

    test('every trial with the columns of listTrials, NaN and nulls kept, configs shared per setting', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const planned = trials();
      await store.insertTrials(sweep.id, planned);
      const ids = planned.map((trial) => trial.id as string);
      const started = await store.startAttempts(ids.slice(0, 10), { backend: 'wasm' });
      const attempt = (id: string): number => (started.get(id) as { attempt: number }).attempt;
      const results = new Map(
        ids.slice(0, 9).map((id, i) => [
          id,
          {
            attempt: attempt(id),
            wallTimeMs: 10,
            epochsRun: 2,
            trainLoss: 0.1 + i / 7,
            valLoss: i === 3 ? Number.NaN : 0.2 + i / 11,
            testLoss: i === 3 ? Number.NaN : 0.30000000000000004 * (i + 1),
            generalizationGap: 0.05,
            metricName: 'mse',
            valMetric: 1e-17 * i,
            testMetric: i === 5 ? null : 0.25,
            trainMetric: i === 6 ? Number.POSITIVE_INFINITY : 0.125,
            ...(i % 2 === 0 ? { initialGradientSlope: -0.5, gradientSlope: Math.log(0.7) } : {}),
            ...(i === 0 ? { initialGradientReach: 3, gradientReach: 7 } : {}),
          },
        ]),
      );
      await store.completeTrials(results);
      await store.failTrial(ids[9] as string, attempt(ids[9] as string), 'boom');

      const full = await store.listTrials(sweep.id);
      const lean = await store.listAnalysisTrials(sweep.id);
      assert.equal(lean.length, 12);
      assert.deepEqual(lean, full.map(expected));
      assert.ok(Number.isNaN(lean.find((t) => t.id === ids[3])?.valLoss));
      assert.deepEqual(
        lean.map((t) => t.status),
        full.map((t) => t.status),
      );
      // 2 learning rates × (gru, lstm with its own option): 4 distinct configs, each one shared, frozen object.
      assert.equal(new Set(lean.map((t) => t.config)).size, 4);
      assert.ok(Object.isFrozen(lean[0]?.config));

      // The dashboard's read: the same, plus when each trial changed (to the millisecond) and its gradient reach.
      const dashboard = await store.listDashboardTrials(sweep.id);
      assert.deepEqual(
        dashboard,
        full.map((record) => ({
          ...expected(record),
          updatedAt: record.updatedAt,
          gradientReach: record.gradientReach,
          initialGradientReach: record.initialGradientReach,
        })),
      );
      assert.equal(dashboard.find((t) => t.id === ids[0])?.gradientReach, 7);
      assert.equal(dashboard.find((t) => t.id === ids[0])?.initialGradientReach, 3);
    });

    test('a sweep without trials reads as none', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      assert.deepEqual(await store.listAnalysisTrials(sweep.id), []);
    });
  });
}
