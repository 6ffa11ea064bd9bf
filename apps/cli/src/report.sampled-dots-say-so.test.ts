/**
 * Above REPORT_MAX_POINTS trials a report embeds an evenly spread sample of dots (issue 17: every trial of a
 * 100,000-trial sweep made a 68.8 MB file). The chart must say its dots are a sample, the subtitle must still count
 * every trial, and the interval bars must still come from every trial. Small limits stand in for the real ones.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { openStore, type NewTrial, type Store } from '@cellsweep/store';
import { buildReportData, reportSample, type ReportData } from './report/report-data.js';
import { renderReport } from './report/render-report.js';
import { analyseStoredSweep } from './sweep-analysis.js';
import { chromiumMissing, launchChromium } from './test-browser.js';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
let store: Store;
let data: ReportData;
const out = join(sandbox.home, 'report.html');

/** 3 cells × 2 budgets × 4 seeds = 24 completed trials, each with 2 epoch rows. */
before(async () => {
  store = await openStore({ dataDir: join(sandbox.home, 'db') });
  const sweep = await store.upsertSweep({ name: 'dots', spec: { name: 'dots' }, specHash: 'x' });
  const trials: NewTrial[] = [];
  for (let seed = 0; seed < 4; seed++)
    for (const paramBudget of [400, 1600])
      for (const cell of ['rnn', 'lstm', 'gru']) {
        const ordinal = trials.length;
        trials.push({
          id: `t${ordinal}`,
          configKey: `k${ordinal}`,
          ordinal,
          cell,
          hidden: 8,
          layers: 1,
          paramBudget,
          paramCount: paramBudget + (ordinal % 3),
          seed,
          config: { task: { dataset: 'adding' }, cell, seed, size: { kind: 'budget', paramBudget } },
        });
      }
  await store.insertTrials(sweep.id, trials);
  const started = await store.startAttempts(
    trials.map((trial) => trial.id as string),
    { backend: 'wasm' },
  );
  const attemptOf = (id: string): number => (started.get(id) as { attempt: number }).attempt;
  for (const trial of trials) {
    for (const epoch of [1, 2]) {
      await store.recordAttemptEpoch(trial.id as string, attemptOf(trial.id as string), {
        epoch,
        trainLoss: 0.4 / epoch,
        valLoss: 0.5 / epoch,
        samplesPerSec: 1,
        epochTimeMs: 1,
      });
    }
  }
  await store.completeTrials(
    new Map(
      trials.map((trial, i) => {
        const loss = (trial.paramBudget === 400 ? 0.3 : 0.2) * (trial.cell === 'rnn' ? 1.5 : 1) + i / 1000;
        const id = trial.id as string;
        return [
          id,
          { attempt: attemptOf(id), wallTimeMs: 5, epochsRun: 2, trainLoss: loss, valLoss: loss, testLoss: loss },
        ];
      }),
    ),
  );
  const { sweep: stored, trials: all, analysis } = await analyseStoredSweep(store, 'dots', { resamples: 200 });
  const sample = reportSample(all, 10, 4);
  const epochs = await store.listEpochsOfTrials(sample.curves.ids, { maxPointsPerTrial: 1_000 });
  data = buildReportData(stored, all, analysis, sample, epochs);
  writeFileSync(out, renderReport(data));
});

after(async () => {
  await store.close();
  sandbox.remove();
});

test('the report embeds every 3rd trial of 24 and curves of every 6th, and counts all 24', () => {
  assert.deepEqual(data.counts, { trials: 24, completed: 24 });
  assert.deepEqual(data.points, { shown: 8, of: 24, every: 3 });
  assert.deepEqual(data.curves, { shown: 4, of: 24, every: 6 });
  assert.deepEqual(
    data.trials.map((trial) => trial.id),
    ['t0', 't3', 't6', 't9', 't12', 't15', 't18', 't21'],
  );
  assert.deepEqual(
    data.trials.filter((trial) => trial.curve.length > 0).map((trial) => trial.id),
    ['t0', 't6', 't12', 't18'],
  );
  // The tables' statistics are of every trial: 6 groups of 4 seeds.
  assert.deepEqual(
    data.analysis.groups.map((group) => group.seeds.length),
    [4, 4, 4, 4, 4, 4],
  );
});

test('in Chromium the scatter draws the 8 sampled dots and says they are every 3rd of 24', {
  skip: chromiumMissing(),
}, async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('body[data-charts]');
    assert.deepEqual(errors, []);
    assert.equal(await page.getAttribute('body', 'data-points-sampled'), 'true');
    assert.equal(
      await page.textContent('#points-note'),
      'Dots: 8 of 24 trials, every 3rd by submission order (more dots than a chart can show); the interval bars and the frontier use every trial.',
    );
    assert.match((await page.textContent('#subtitle')) ?? '', /24 of 24 trials completed/);
    assert.match(
      (await page.textContent('#curves-note')) ?? '',
      /^Curves \(and gradient-norm profiles\) of 4 of 24 trials, every 6th/,
    );
    const dots = (await page.evaluate(`(() => echarts.getInstanceByDom(document.getElementById('chart-test'))
      .getOption().series.filter((s) => s.type === 'scatter').reduce((n, s) => n + s.data.length, 0))()`)) as number;
    assert.equal(dots, 8);
    // Interval bars: one per group (all three cells at both budgets), from every trial.
    const bars = (await page.evaluate(`(() => echarts.getInstanceByDom(document.getElementById('chart-test'))
      .getOption().series.filter((s) => s.type === 'line' && !s.name.startsWith('Pareto')).length)()`)) as number;
    assert.equal(bars, 6);
  } finally {
    await browser.close();
  }
});
