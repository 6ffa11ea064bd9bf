/**
 * Issue 15's rule, in the report's tables too: the per-cell table and the gradient-slope table name a setting only by
 * what tells it apart (as the verdict headings do), and say what every row shares once above the table, instead of
 * `adding(sequenceLength=10, …) · hidden 4 · 1 layer` on every row.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { openStore } from '@cellsweep/store';
import { chromiumMissing, launchChromium } from './test-browser.js';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    const sweep = await store.upsertSweep({ name: 'two-lengths', spec: { name: 'two-lengths' }, specHash: 'x' });
    const trials = [10, 40].flatMap((sequenceLength) =>
      ['lstm', 'gru'].flatMap((cell) =>
        [0, 1, 2].map((seed) => ({
          id: `${cell}-${sequenceLength}-${seed}`,
          configKey: `${cell}-${sequenceLength}-${seed}`,
          ordinal: seed,
          cell,
          hidden: 4,
          layers: 1,
          paramCount: cell === 'gru' ? 500 : 600,
          seed,
          config: { task: { dataset: 'adding', sequenceLength }, cell, seed },
        })),
      ),
    );
    await store.addTrials(sweep.id, trials);
    for (const trial of trials) {
      const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
      await store.recordAttemptEpoch(trial.id, attempt, {
        epoch: 1,
        trainLoss: 0.3,
        valLoss: 0.35,
        samplesPerSec: 1,
        epochTimeMs: 1,
      });
      await store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 5,
        epochsRun: 1,
        bestEpoch: 1,
        trainLoss: 0.1,
        valLoss: 0.12,
        testLoss: 0.11 + trial.seed / 100 + (trial.cell === 'gru' ? 0.05 : 0),
        generalizationGap: 0.01,
      });
    }
  } finally {
    await store.close();
  }
});

test("the report's per-cell table names each setting by what varies, as its verdict headings do", {
  skip: chromiumMissing(),
}, async () => {
  const out = join(sandbox.home, 'report.html');
  const result = await sandbox.run(['report', 'two-lengths', '--out', out, '--resamples', '200']);
  assert.equal(result.code, 0, result.stderr);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('body[data-charts]');
    assert.deepEqual(errors, []);
    const settings = await page.$$eval('#groups tr', (rows) =>
      rows.slice(1).map((row) => row.querySelector('td')?.textContent ?? ''),
    );
    assert.equal(settings.length, 4, 'two tasks × two cells');
    assert.deepEqual([...new Set(settings)].sort(), ['sequenceLength=10', 'sequenceLength=40']);
    // What every row shares is said once above the table, in the verdict's words.
    const context = (await page.textContent('#groups-context')) ?? '';
    assert.equal(context, 'All rows: adding · hidden 4 · 1 layer');
    assert.equal(await page.textContent('#verdict-context'), 'All comparisons: adding · hidden 4 · 1 layer');
    const headings = await page.$$eval('#verdicts li > strong', (strongs) => strongs.map((s) => s.textContent ?? ''));
    assert.deepEqual([...new Set(headings)].sort(), [...new Set(settings)].sort(), 'the same names as the verdicts');
  } finally {
    await browser.close();
  }
});
