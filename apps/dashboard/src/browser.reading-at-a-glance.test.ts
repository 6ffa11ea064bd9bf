/**
 * The sweep page read as a new user would (issue 15): losses that span decades on a log axis (with a toggle), one
 * strip per cell when every trial has one size, and an option a cell does not have shown as "—" and never as a
 * hyperparameter of its own. The sweep is the quick example's shape: 3 cells at one 5k budget, 4 seeds.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { NewTrial, Store, SweepRecord } from '@cellsweep/store';
import { artifactsDir, chromiumMissing, launchChromium, signIn } from './browser-support.js';
import { authHeaders, startTestDashboard, type TestDashboard } from './test-server.js';

const SEEDS = [0, 1, 2, 3];
/** Test losses as in the sweep: the gated cells near 3e-4 and 1e-3, the RNN at the 0.17 plateau. */
const LOSS: Record<string, number> = { gru: 3e-4, lstm: 1e-3, rnn: 0.17 };
const PARAMS: Record<string, number> = { rnn: 5_038, lstm: 5_067, gru: 4_954 };

/** A finished sweep; `forgetBiases` are the LSTM's values (gru and rnn get `false` pinned, as expandSweep does). */
async function seedOneBudget(store: Store, name: string, forgetBiases: boolean[]): Promise<SweepRecord> {
  const sweep = await store.upsertSweep({
    name,
    spec: { name, task: { dataset: 'adding' } },
    specHash: `hash-${name}`,
  });
  const plans: NewTrial[] = [];
  for (const seed of SEEDS)
    for (const cell of ['rnn', 'lstm', 'gru'])
      for (const unitForgetBias of cell === 'lstm' ? forgetBiases : [false]) {
        plans.push({
          configKey: `${cell}-${unitForgetBias}-${seed}`,
          ordinal: plans.length,
          cell,
          hidden: 30,
          layers: 1,
          paramBudget: 5_000,
          paramCount: PARAMS[cell]!,
          seed,
          config: {
            task: { dataset: 'adding', sequenceLength: 50 },
            cell,
            size: { kind: 'budget', paramBudget: 5_000 },
            layers: 1,
            recurrentActivation: 'sigmoid',
            unitForgetBias,
            training: { epochs: 2, batchSize: 32, optimizer: 'adam', learningRate: 0.01 },
            seed,
          },
        });
      }
  await store.addTrials(sweep.id, plans);
  for (const trial of await store.listTrials(sweep.id)) {
    const loss = LOSS[trial.cell]! * (1 + 0.1 * trial.seed);
    const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
    for (const epoch of [1, 2]) {
      await store.recordAttemptEpoch(trial.id, attempt, {
        epoch,
        trainLoss: loss * (3 - epoch),
        valLoss: loss * (3 - epoch),
        samplesPerSec: 1,
        epochTimeMs: 1,
      });
    }
    await store.completeTrial(trial.id, {
      attempt,
      wallTimeMs: 10,
      epochsRun: 2,
      bestEpoch: 2,
      trainLoss: loss,
      valLoss: loss,
      testLoss: loss,
      generalizationGap: 0,
    });
  }
  return sweep;
}

describe('reading the sweep page at a glance', { skip: chromiumMissing }, () => {
  let dash: TestDashboard;
  let browser: Browser;
  let page: Page;
  let varied: SweepRecord;
  let pinned: SweepRecord;

  before(async () => {
    dash = await startTestDashboard();
    varied = await seedOneBudget(dash.store, 'forget-bias-varies', [true, false]);
    pinned = await seedOneBudget(dash.store, 'forget-bias-fixed', [true]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, dash.url);
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  const points = async (sweep: SweepRecord) =>
    (await (await fetch(`${dash.url}/api/sweeps/${sweep.id}/points`, { headers: authHeaders() })).json()) as {
      hyperparameters: { path: string; values: unknown[]; cells?: string[] }[];
      points: { cell: string; hp: unknown[] }[];
    };

  test('an option only the LSTM has is no hyperparameter when the LSTMs share one value (it would be the cell)', async () => {
    assert.deepEqual((await points(pinned)).hyperparameters, []);
  });

  test('where it varies among the LSTMs it is one, and null ("—") on the other cells', async () => {
    const { hyperparameters, points: list } = await points(varied);
    assert.deepEqual(
      hyperparameters.map(({ path, values }) => ({ path, values })),
      [{ path: 'unitForgetBias', values: [false, true] }],
    );
    // The cells that have a forget gate: the LSTM (and those of its variants that keep one), never gru or rnn.
    const cells = hyperparameters[0]?.cells ?? [];
    assert.ok(cells.includes('lstm') && !cells.includes('gru') && !cells.includes('rnn'), JSON.stringify(cells));
    for (const point of list) {
      if (point.cell === 'lstm') assert.equal(typeof point.hp[0], 'boolean');
      else assert.deepEqual(point.hp, [null], point.cell);
    }
  });

  test('one budget: one strip per cell, and losses over two decades on a log axis, with a toggle', async () => {
    await page.goto(`${dash.url}/#/sweep/${varied.id}`);
    await page.waitForSelector('#chart-scatter[data-points] canvas');
    assert.equal(await page.getAttribute('#chart-scatter', 'data-layout'), 'strip');
    assert.equal(await page.getAttribute('#chart-scatter', 'data-y-scale'), 'log');
    const note = (await page.textContent('#scatter-layout')) ?? '';
    assert.match(note, /every trial has ≈5,0\d\d parameters, so each cell is a strip of its own/);
    assert.match(note, /log loss axis: the losses span more than 2 decades/);
    await page.waitForSelector('#chart-distribution[data-y-scale="log"]');
    await page.locator('#chart-scatter').screenshot({ path: join(artifactsDir(), 'glance-scatter-log-strip.png') });

    await page.selectOption('#y-scale', 'linear');
    await page.waitForSelector('#chart-scatter[data-y-scale="linear"]');
    await page.waitForSelector('#chart-distribution[data-y-scale="linear"]');
    assert.doesNotMatch((await page.textContent('#scatter-layout')) ?? '', /log loss axis/);
    await page.selectOption('#y-scale', 'auto');
    await page.waitForSelector('#chart-scatter[data-y-scale="log"]');
  });

  test('the leaderboard shows "—" where the option does not apply to the trial\'s cell', async () => {
    await page.waitForSelector('#leaderboard[data-total="16"]');
    const headers = await page.$$eval('#leaderboard thead th', (ths) => ths.map((th) => th.textContent?.trim() ?? ''));
    const column = headers.findIndex((text) => text.startsWith('unitForgetBias'));
    const cellColumn = headers.findIndex((text) => text.startsWith('cell'));
    assert.ok(column > 0 && cellColumn >= 0, JSON.stringify(headers));
    const rows = await page.$$eval('#leaderboard tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    assert.ok(rows.length > 0);
    for (const row of rows) {
      if (row[cellColumn] === 'lstm') assert.match(row[column] ?? '', /^(true|false)$/);
      else assert.equal(row[column], '—', JSON.stringify(row));
    }
  });

  test('verdicts say the shared setting once, and no line repeats it', async () => {
    await page.waitForSelector('#verdict-list li', { timeout: 20_000 });
    assert.equal(
      await page.textContent('#verdict-context'),
      'All comparisons: adding(sequenceLength=50) · budget 5,000 · 1 layer',
    );
    const lines = await page.$$eval('#verdict-list li', (lis) => lis.map((li) => li.textContent ?? ''));
    assert.ok(
      lines.some((line) => /^no significant difference between gru and rnn on test loss/.test(line)),
      lines.join('\n'),
    );
    assert.ok(
      lines.every((line) => !line.includes('budget 5,000 ·') && !line.includes('sequenceLength')),
      lines.join('\n'),
    );
  });
});
