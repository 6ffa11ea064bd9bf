import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { slopeRegime } from '@cellsweep/analysis';
import { GRADIENT_DECAY, GRADIENT_SEEDS, seedSweep, type SeededSweep } from './test-fixtures.js';
import { authHeaders, startTestDashboard, type TestDashboard } from './test-server.js';

interface Summary {
  slope: { n: number; mean: number; ci: [number, number] | null };
  regime: string;
  trialRegimes: Record<string, number>;
}
interface SlopeGroup {
  key: string;
  arm: string;
  cell: string;
  trials: number;
  setting: { label: string };
  initial: Summary | null;
  final: Summary | null;
}
interface Gradients {
  stableSlopePerStep: number;
  slopes: SlopeGroup[];
  slopesStatus: { status: string; note: string };
  trials: any[];
}

describe('API: gradient slopes on real Postgres', () => {
  let dash: TestDashboard;
  let seeded: SeededSweep;
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${dash.url}${path}`, { headers: authHeaders() });
    assert.equal(response.status, 200, `${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  /** The slope groups come from the full analysis, which runs in a worker thread: ask until it is done. */
  const gradients = async (sweep: string): Promise<Gradients> => {
    let body = await get<Gradients>(`/api/sweeps/${sweep}/gradients`);
    for (let i = 0; i < 150 && body.slopesStatus.status === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      body = await get<Gradients>(`/api/sweeps/${sweep}/gradients`);
    }
    assert.equal(body.slopesStatus.status, 'ready', body.slopesStatus.note);
    return body;
  };

  before(async () => {
    dash = await startTestDashboard();
    seeded = await seedSweep(dash.store, 'slopes-sweep', { epochs: 4 });
    await dash.store.upsertSweep({ name: 'unmeasured', spec: {}, specHash: 'h2' });
  });
  after(() => dash.close());

  test('per group (setting × cell): the mean slope over seeds is the mean of ln(rate), with a CI and the regime it supports', async () => {
    const first = await get<Gradients>(`/api/sweeps/${seeded.sweep.id}/gradients`);
    assert.ok(['pending', 'ready'].includes(first.slopesStatus.status));
    const body = await gradients(seeded.sweep.id);
    assert.equal(body.stableSlopePerStep, 0.01);
    // 3 cells × 2 budgets × 2 learning rates; seeds 0 and 1 carry the probe (norm k steps back ∝ rate^k).
    assert.equal(body.slopes.length, 12);
    for (const group of body.slopes) {
      const decay = GRADIENT_DECAY[group.cell]!;
      const expected =
        GRADIENT_SEEDS.reduce((sum, seed) => sum + Math.log(decay.final[seed]!), 0) / GRADIENT_SEEDS.length;
      assert.equal(group.final?.slope.n, 2, group.key);
      assert.ok(
        Math.abs(group.final.slope.mean - expected) < 1e-12,
        `${group.key}: ${group.final.slope.mean} vs ${expected}`,
      );
      assert.equal(
        group.final.regime,
        slopeRegime(group.final.slope.ci ?? [group.final.slope.mean, group.final.slope.mean]),
      );
      assert.equal(group.final.trialRegimes.vanishing, 2, 'every trained rate here is below 1');
      // Untrained, every seed decays at the same rate: a CI of one point, ln(rate) < −0.01, so vanishing.
      assert.ok(Math.abs((group.initial?.slope.mean as number) - Math.log(decay.initial)) < 1e-12);
      assert.deepEqual(
        group.initial?.slope.ci?.map((x) => Math.abs(x - Math.log(decay.initial)) < 1e-12),
        [true, true],
      );
      assert.equal(group.initial?.regime, 'vanishing');
    }
    for (const trial of body.trials) {
      const rate = GRADIENT_DECAY[trial.cell]!.final[trial.seed]!;
      assert.ok(Math.abs(trial.gradientSlope - Math.log(rate)) < 1e-12);
      assert.ok(
        Math.abs(trial.epochGradientSlope - Math.log(rate)) < 1e-12,
        'the last epoch decays at the trained rate',
      );
      assert.ok(Math.abs(trial.initialGradientSlope - Math.log(GRADIENT_DECAY[trial.cell]!.initial)) < 1e-12);
    }
  });

  test("the slope groups are exactly the full analysis's gradientSlopes (one source of numbers)", async () => {
    const path = `/api/sweeps/${seeded.sweep.id}/analysis`;
    let external = (await get<any>(path)).external;
    for (let i = 0; i < 100 && external.status === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      external = (await get<any>(path)).external;
    }
    assert.equal(external.status, 'ready', external.note);
    const body = await gradients(seeded.sweep.id);
    assert.deepEqual(body.slopes, external.result.gradientSlopes);
  });

  test('a trial carries its slopes and their regimes; epochs carry theirs, in JSON and CSV', async () => {
    const [id] = seeded.completedIds.filter((trialId) => trialId !== undefined);
    const trial = await get<any>(`/api/trials/${id}`);
    const stored = await dash.store.getTrial(id as string);
    assert.equal(trial.gradientSlope, stored.gradientSlope);
    assert.equal(trial.initialGradientSlope, stored.initialGradientSlope);
    assert.deepEqual(trial.gradientRegimes, { initial: 'vanishing', final: 'vanishing' });
    const epochs = await get<{ items: any[] }>(`/api/trials/${id}/epochs`);
    assert.deepEqual(
      epochs.items.map((e) => e.gradientSlope),
      (await dash.store.listEpochs(id as string)).map((e) => e.gradientSlope),
    );
    const csv = await (
      await fetch(`${dash.url}/api/trials/${id}/epochs?format=csv`, { headers: authHeaders() })
    ).text();
    assert.match(csv.split('\n')[0] ?? '', /,gradientReach,gradientSlope,/);
  });

  test('a sweep whose trials recorded no slope has no slope groups', async () => {
    const body = await gradients('unmeasured');
    assert.deepEqual(body.slopes, []);
  });
});
