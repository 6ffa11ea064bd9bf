/**
 * The repository behaviours, written once and run against both drivers (repositories.pglite.test.ts,
 * repositories.postgres.test.ts). Every test makes its own sweep, so tests share one migrated database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AmbiguousSweepRefError,
  SweepNotFoundError,
  SweepSpecChangedError,
  TrialNotFoundError,
  TrialNotRunnableError,
} from './errors.js';
import type { Store } from './store.js';
import { openTestStore, uniqueName } from './test-support.js';
import type { NewTrial, StoreDriver, SweepRecord, TrialResult } from './types.js';

function newTrial(ordinal: number, overrides: Partial<NewTrial> = {}): NewTrial {
  return {
    configKey: `key-${ordinal}`,
    ordinal,
    cell: ['rnn', 'lstm', 'gru'][ordinal % 3] ?? 'lstm',
    hidden: 16 + ordinal,
    layers: 1,
    paramBudget: ordinal % 2 === 0 ? 20_000 : null,
    paramCount: 18_688 + ordinal,
    seed: 1_000 + ordinal,
    config: { cell: 'lstm', hidden: 16 + ordinal, training: { learningRate: 0.001, epochs: 3 } },
    ...overrides,
  };
}

const fullResult = (attempt: number): TrialResult => ({
  attempt,
  wallTimeMs: 1234.6,
  epochsRun: 3,
  bestEpoch: 2,
  trainLoss: 0.25,
  valLoss: 0.3,
  testLoss: 0.31,
  generalizationGap: 0.05,
  metricName: 'accuracy',
  valMetric: 0.91,
  testMetric: 0.9,
  finishedAt: new Date('2026-11-27T12:00:00.000Z'),
});

export function describeRepositories(driver: StoreDriver): void {
  describe(`store repositories on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver, { fromEmpty: true })));
    after(() => close());

    /** Starts an attempt and returns its number (the fence every later write of it carries). */
    const start = async (id: string, backend = 'wasm'): Promise<number> =>
      (await store.startAttempt(id, { backend })).attempt;

    async function sweepWithTrials(count: number): Promise<SweepRecord> {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: { task: 'adding' }, specHash: 'h1' });
      await store.addTrials(
        sweep.id,
        Array.from({ length: count }, (_, i) => newTrial(i)),
      );
      return sweep;
    }

    test('opens with the right driver and migrations applied', () => {
      assert.equal(store.driver, driver);
      assert.ok(store.migrations && store.migrations.applied.length > 0);
      assert.ok(store.describe().startsWith(`${driver} `));
    });

    test('upsertSweep called for one new sweep by several clients at once gives them all the one sweep', async () => {
      const name = uniqueName('sweep');
      const sweeps = await Promise.all(
        Array.from({ length: 8 }, () => store.upsertSweep({ name, spec: { a: 1 }, specHash: 'h1' })),
      );
      assert.equal(new Set(sweeps.map((sweep) => sweep.id)).size, 1);
    });

    test('upsertSweep creates, refuses a different spec, extends only when asked and keeps every version; found by name or id', async () => {
      const name = uniqueName('sweep');
      const created = await store.upsertSweep({ name, spec: { a: 1, dropped: undefined }, specHash: 'h1' });
      assert.equal(created.name, name);
      assert.deepEqual(created.spec, { a: 1 });
      assert.equal(created.status, 'PENDING');
      assert.equal(created.finishedAt, null);
      assert.equal(
        (await store.upsertSweep({ name, spec: { a: 1 }, specHash: 'h1' })).id,
        created.id,
        'same spec: same sweep',
      );

      // Issue 14, defect 5: a different spec under the same name replaced the stored one silently.
      await assert.rejects(
        store.upsertSweep({ name, spec: { a: 2, nested: [1, 'x', null] }, specHash: 'h2' }),
        (error: unknown) => {
          assert.ok(error instanceof SweepSpecChangedError);
          assert.deepEqual(error.changedFields, ['a', 'nested']);
          assert.match(
            error.message,
            /already exists with a different spec \(changed: a, nested\); .*run again with --extend/,
          );
          return true;
        },
      );
      assert.equal((await store.getSweep(name)).specHash, 'h1', 'the refused spec changed nothing');

      const updated = await store.upsertSweep({
        name,
        spec: { a: 2, nested: [1, 'x', null] },
        specHash: 'h2',
        extend: true,
      });
      assert.deepEqual(
        (await store.listSweepSpecVersions(created.id)).map((version) => [version.specHash, version.spec]),
        [
          ['h1', { a: 1 }],
          ['h2', { a: 2, nested: [1, 'x', null] }],
        ],
      );
      assert.equal(updated.id, created.id);
      assert.deepEqual(updated.spec, { a: 2, nested: [1, 'x', null] });
      assert.equal(updated.specHash, 'h2');
      assert.deepEqual(created.createdAt, updated.createdAt);

      assert.deepEqual(await store.getSweep(name), updated);
      assert.deepEqual(await store.getSweep(created.id), updated);
      assert.equal(await store.findSweep('no-such-sweep'), null);
      await assert.rejects(store.getSweep('no-such-sweep'), SweepNotFoundError);
    });

    test("a sweep named like another sweep's id: a bare reference is refused as ambiguous; id: and name: pick one", async () => {
      // Issue 14, defect 24: such a sweep could not be reached by its name (the id match won silently).
      const first = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const shadow = await store.upsertSweep({ name: first.id, spec: {}, specHash: 'h' });
      await assert.rejects(store.getSweep(first.id), (error: unknown) => {
        assert.ok(error instanceof AmbiguousSweepRefError);
        assert.equal(
          error.message,
          `"${first.id}" is the id of sweep "${first.name}" and the name of sweep ${shadow.id}; say which: id:${first.id} or name:${first.id}`,
        );
        return true;
      });
      assert.equal((await store.getSweep(`id:${first.id}`)).id, first.id);
      assert.equal((await store.getSweep(`name:${first.id}`)).id, shadow.id);
      assert.equal((await store.getSweep(`name:${first.name}`)).id, first.id);
      assert.equal(await store.findSweep(`id:${first.name}`), null);
      assert.equal((await store.getSweep(shadow.id)).id, shadow.id, 'an unambiguous bare id still works');
    });

    test('setSweepStatus stamps finishedAt on terminal statuses and clears it on resume', async () => {
      const sweep = await sweepWithTrials(0);
      const done = await store.setSweepStatus(sweep.id, 'COMPLETED');
      assert.equal(done.status, 'COMPLETED');
      assert.ok(done.finishedAt instanceof Date);
      const resumed = await store.setSweepStatus(sweep.id, 'RUNNING');
      assert.equal(resumed.finishedAt, null);
      const at = new Date('2026-01-02T03:04:05.678Z');
      assert.deepEqual((await store.setSweepStatus(sweep.id, 'CANCELLED', at)).finishedAt, at);
      await assert.rejects(store.setSweepStatus('missing', 'FAILED'), SweepNotFoundError);
    });

    test('addTrials inserts only missing trials: a second identical call inserts nothing', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trials = [newTrial(2), newTrial(0), newTrial(1)];
      assert.equal(await store.addTrials(sweep.id, trials), 3);
      assert.equal(await store.addTrials(sweep.id, trials), 0);
      assert.equal(await store.addTrials(sweep.id, [...trials, newTrial(3)]), 1);
      const listed = await store.listTrials(sweep.id);
      assert.deepEqual(
        listed.map((trial) => trial.ordinal),
        [0, 1, 2, 3],
      );
      await assert.rejects(store.addTrials('missing', trials), SweepNotFoundError);
    });

    test('a trial round-trips every field', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const input = newTrial(4, { id: uniqueName('trial') });
      await store.addTrials(sweep.id, [input]);
      const trial = await store.getTrial(input.id ?? '');
      assert.equal(trial.sweepId, sweep.id);
      assert.deepEqual(
        {
          configKey: trial.configKey,
          ordinal: trial.ordinal,
          cell: trial.cell,
          hidden: trial.hidden,
          layers: trial.layers,
          paramBudget: trial.paramBudget,
          paramCount: trial.paramCount,
          seed: trial.seed,
          config: trial.config,
        },
        {
          configKey: input.configKey,
          ordinal: input.ordinal,
          cell: input.cell,
          hidden: input.hidden,
          layers: input.layers,
          paramBudget: 20_000,
          paramCount: input.paramCount,
          seed: input.seed,
          config: input.config,
        },
      );
      assert.equal(trial.status, 'PENDING');
      assert.equal(trial.attempt, 0);
      assert.equal(await store.findTrial('missing'), null);
      await assert.rejects(store.getTrial('missing'), TrialNotFoundError);

      const attempt = await start(trial.id, 'wasm');
      assert.equal(await store.completeTrial(trial.id, fullResult(attempt)), true);
      const done = await store.getTrial(trial.id);
      const { attempt: _attempt, ...expected } = fullResult(attempt);
      assert.deepEqual(
        {
          wallTimeMs: done.wallTimeMs,
          epochsRun: done.epochsRun,
          bestEpoch: done.bestEpoch,
          trainLoss: done.trainLoss,
          valLoss: done.valLoss,
          testLoss: done.testLoss,
          generalizationGap: done.generalizationGap,
          metricName: done.metricName,
          valMetric: done.valMetric,
          testMetric: done.testMetric,
          finishedAt: done.finishedAt,
        },
        { ...expected, wallTimeMs: 1235 },
      );
      assert.equal(done.status, 'COMPLETED');
      assert.equal(done.backend, 'wasm');
    });

    test('listTrials filters by one status or several', async () => {
      const sweep = await sweepWithTrials(3);
      const [first, second] = await store.listTrials(sweep.id);
      assert.ok(first && second);
      await start(first.id, 'cpu');
      const attempt = await start(second.id, 'cpu');
      await store.failTrial(second.id, attempt, 'out of memory');
      assert.deepEqual(
        (await store.listTrials(sweep.id, { status: 'RUNNING' })).map((t) => t.id),
        [first.id],
      );
      assert.deepEqual(
        (await store.listTrials(sweep.id, { status: ['FAILED', 'PENDING'] })).map((t) => t.ordinal),
        [1, 2],
      );
      const summary = (await store.listSweeps()).find((s) => s.id === sweep.id);
      assert.ok(summary);
      assert.equal(summary.trialCount, 3);
      assert.deepEqual(summary.trialCounts, { PENDING: 1, RUNNING: 1, COMPLETED: 0, FAILED: 1, CANCELLED: 0 });
    });

    test('startAttempt increments the attempt and refuses finished trials', async () => {
      const sweep = await sweepWithTrials(1);
      const [trial] = await store.listTrials(sweep.id);
      assert.ok(trial);
      assert.equal(await start(trial.id, 'wasm'), 1);
      assert.equal(await start(trial.id, 'tensorflow'), 2);
      const running = await store.getTrial(trial.id);
      assert.equal(running.status, 'RUNNING');
      assert.equal(running.backend, 'tensorflow');
      assert.ok(running.startedAt instanceof Date);
      assert.equal(await store.completeTrial(trial.id, fullResult(2)), true);
      await assert.rejects(start(trial.id, 'wasm'), (error: unknown) => {
        assert.ok(error instanceof TrialNotRunnableError);
        assert.equal(error.status, 'COMPLETED');
        return true;
      });
      await assert.rejects(start('missing', 'wasm'), TrialNotFoundError);
    });

    test('completeTrial is fenced by attempt: a stale or replayed result changes nothing', async () => {
      const sweep = await sweepWithTrials(1);
      const [trial] = await store.listTrials(sweep.id);
      assert.ok(trial);
      const stale = await start(trial.id, 'wasm');
      const current = await start(trial.id, 'wasm'); // redelivered job
      assert.equal(current, stale + 1);

      assert.equal(await store.completeTrial(trial.id, { ...fullResult(stale), valLoss: 99 }), false);
      const untouched = await store.getTrial(trial.id);
      assert.equal(untouched.status, 'RUNNING');
      assert.equal(untouched.valLoss, null);

      assert.equal(await store.completeTrial(trial.id, fullResult(current)), true);
      assert.equal(await store.completeTrial(trial.id, { ...fullResult(current), valLoss: 42 }), false);
      assert.equal(await store.failTrial(trial.id, current, 'late failure'), false);
      const done = await store.getTrial(trial.id);
      assert.equal(done.status, 'COMPLETED');
      assert.equal(done.valLoss, 0.3);
      assert.equal(done.error, null);
      await assert.rejects(store.completeTrial('missing', fullResult(1)), TrialNotFoundError);
    });

    test('failTrial records the error; a retry starts a new attempt and clears it', async () => {
      const sweep = await sweepWithTrials(1);
      const [trial] = await store.listTrials(sweep.id);
      assert.ok(trial);
      const attempt = await start(trial.id, 'cpu');
      assert.equal(await store.failTrial(trial.id, attempt + 1, 'wrong attempt'), false);
      assert.equal(await store.failTrial(trial.id, attempt, 'NaN loss at epoch 3'), true);
      const failed = await store.getTrial(trial.id);
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.error, 'NaN loss at epoch 3');
      assert.ok(failed.finishedAt instanceof Date);

      assert.equal(await start(trial.id, 'cpu'), attempt + 1);
      const retried = await store.getTrial(trial.id);
      assert.equal(retried.error, null);
      assert.equal(retried.finishedAt, null);
    });

    test('recordAttemptEpoch upserts on (trial, epoch): a replay leaves one row with the latest values', async () => {
      const sweep = await sweepWithTrials(2);
      const [a, b] = await store.listTrials(sweep.id);
      assert.ok(a && b);
      const [attemptA, attemptB] = [await start(a.id), await start(b.id)];
      const row = { epoch: 1, trainLoss: 1.5, valLoss: 1.6, samplesPerSec: 700.5, epochTimeMs: 812.4 };
      assert.equal(await store.recordAttemptEpoch(a.id, attemptA, row), true);
      const replay = { ...row, trainLoss: 1.4, trainMetric: 0.5, valMetric: 0.45, gradientNorms: [0.25, 0.5, 2] };
      const probed = { ...replay, gradientReach: 3, gradientSlope: -0.25 };
      assert.equal(await store.recordAttemptEpoch(a.id, attemptA, probed), true);
      await store.recordAttemptEpoch(a.id, attemptA, { ...row, epoch: 2, trainLoss: 1.1 });
      await store.recordAttemptEpoch(b.id, attemptB, { ...row, epoch: 1 });

      const epochs = await store.listEpochs(a.id);
      assert.equal(epochs.length, 2);
      assert.deepEqual(
        { ...epochs[0], createdAt: undefined },
        {
          trialId: a.id,
          epoch: 1,
          attempt: attemptA,
          trainLoss: 1.4,
          valLoss: 1.6,
          trainMetric: 0.5,
          valMetric: 0.45,
          samplesPerSec: 700.5,
          epochTimeMs: 812,
          gradientNorms: [0.25, 0.5, 2],
          gradientReach: 3,
          gradientSlope: -0.25,
          createdAt: undefined,
        },
      );
      assert.deepEqual((await store.listEpochs(b.id))[0]?.gradientNorms, [], 'no probe: an empty curve');
      assert.deepEqual(
        (await store.listEpochsForSweep(sweep.id)).map((e) => `${e.trialId === a.id ? 'a' : 'b'}${e.epoch}`),
        ['a1', 'a2', 'b1'],
      );
      assert.equal(await store.recordAttemptEpoch('missing', 1, row), false, 'no such trial: nothing written');
    });

    test('non-finite losses are stored as NaN (a diverged run)', async () => {
      const sweep = await sweepWithTrials(1);
      const [trial] = await store.listTrials(sweep.id);
      assert.ok(trial);
      const attempt = await start(trial.id);
      const losses = {
        trainLoss: Number.NaN,
        valLoss: Number.POSITIVE_INFINITY,
        trainMetric: Number.NEGATIVE_INFINITY,
      };
      const diverged = { epoch: 1, ...losses, samplesPerSec: 10, epochTimeMs: 5 };
      assert.equal(await store.recordAttemptEpoch(trial.id, attempt, diverged), true);
      const [read] = await store.listEpochs(trial.id);
      assert.ok(read && Number.isNaN(read.trainLoss) && Number.isNaN(read.valLoss) && Number.isNaN(read.trainMetric));
    });
  });
}
