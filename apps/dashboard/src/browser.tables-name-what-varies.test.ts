/**
 * Issue 15's rule, in the importance table too: its task column names each task by the options that tell it apart
 * ("sequenceLength=10", not "adding(sequenceLength=10)"), what every row shares said once above it, as the groups
 * table and the verdict headings on the same page do. Two tasks of one dataset, lstm and gru, two learning rates.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { NewTrial, SweepRecord } from '@cellsweep/store';
import { chromiumMissing, launchChromium, signIn } from './browser-support.js';
import { startTestDashboard, type TestDashboard } from './test-server.js';

describe('the sweep page names tasks and settings by what varies', { skip: chromiumMissing }, () => {
  let dash: TestDashboard;
  let browser: Browser;
  let page: Page;
  let sweep: SweepRecord;

  before(async () => {
    dash = await startTestDashboard();
    sweep = await dash.store.upsertSweep({ name: 'two-lengths', spec: { name: 'two-lengths' }, specHash: 'x' });
    const plans: NewTrial[] = [];
    for (const sequenceLength of [10, 40])
      for (const cell of ['lstm', 'gru'])
        for (const learningRate of [0.01, 0.1])
          for (const seed of [0, 1, 2])
            plans.push({
              configKey: `${sequenceLength}-${cell}-${learningRate}-${seed}`,
              ordinal: plans.length,
              cell,
              hidden: 8,
              layers: 1,
              paramCount: cell === 'gru' ? 300 : 400,
              seed,
              config: { task: { dataset: 'adding', sequenceLength }, cell, training: { learningRate }, seed },
            });
    await dash.store.addTrials(sweep.id, plans);
    for (const trial of await dash.store.listTrials(sweep.id)) {
      const config = trial.config as { training: { learningRate: number } };
      const loss = (trial.cell === 'gru' ? 0.1 : 0.2) + config.training.learningRate + 0.01 * trial.seed;
      const { attempt } = await dash.store.startAttempt(trial.id, { backend: 'wasm' });
      await dash.store.recordAttemptEpoch(trial.id, attempt, {
        epoch: 1,
        trainLoss: loss,
        valLoss: loss,
        samplesPerSec: 1,
        epochTimeMs: 1,
      });
      await dash.store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 10,
        epochsRun: 1,
        bestEpoch: 1,
        trainLoss: loss,
        valLoss: loss,
        testLoss: loss,
        generalizationGap: 0,
      });
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, dash.url);
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test("the importance table's task column says only the option that differs, the rest once above it", async () => {
    await page.goto(`${dash.url}/#/sweep/${sweep.id}`);
    await page.waitForSelector('#importance-table tbody tr', { timeout: 60_000 });
    const rows = await page.$$eval('#importance-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => [td.textContent ?? '', td.getAttribute('title')])),
    );
    const tasks = rows.map((row) => row[0]?.[0]);
    assert.deepEqual([...new Set(tasks)].sort(), ['sequenceLength=10', 'sequenceLength=40'], JSON.stringify(rows));
    // The full label is still there, on hover.
    assert.deepEqual([...new Set(rows.map((row) => row[0]?.[1]))].sort(), [
      'adding(sequenceLength=10)',
      'adding(sequenceLength=40)',
    ]);
    assert.equal(await page.textContent('#importance-context'), 'All rows: adding');
    // The groups table on the same page names its settings the same way (no row repeats "adding(").
    const settings = await page.$$eval('#group-stats tbody tr td:first-child', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    assert.ok(settings.length > 0, 'the groups table has rows');
    assert.ok(
      settings.every((text) => text.startsWith('sequenceLength=') && !text.includes('adding(')),
      settings.join('\n'),
    );
  });
});
