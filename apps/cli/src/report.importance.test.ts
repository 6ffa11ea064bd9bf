import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { openStore } from '@cellsweep/store';
import { chromiumMissing, launchChromium } from './test-browser.js';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

/** 2 cells × 3 learning rates × 3 seeds; validation loss = (rate index) + 0.1·(cell index): rate ≫ cell. */
before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    const sweep = await store.upsertSweep({ name: 'tuned', spec: { name: 'tuned' }, specHash: 'x' });
    const trials = ['lstm', 'rnn'].flatMap((cell, c) =>
      [0.001, 0.01, 0.1].flatMap((learningRate, r) =>
        [0, 1, 2].map((seed) => ({
          id: `${cell}${r}${seed}`,
          configKey: `${cell}${r}${seed}`,
          ordinal: (c * 3 + r) * 3 + seed,
          cell,
          hidden: 4,
          layers: 1,
          paramBudget: 500,
          paramCount: 500,
          seed,
          config: { task: { dataset: 'adding' }, cell, seed, training: { learningRate } },
        })),
      ),
    );
    await store.addTrials(sweep.id, trials);
    for (const [index, trial] of trials.entries()) {
      const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
      const valLoss = 1 + Math.floor((index % 9) / 3) + 0.1 * Math.floor(index / 9) + 0.001 * trial.seed;
      await store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 5,
        epochsRun: 1,
        bestEpoch: 1,
        trainLoss: 0.1,
        valLoss,
        testLoss: valLoss,
      });
    }
  } finally {
    await store.close();
  }
});

const name = "the report lists each field's share of the validation-loss variance, strongest first";
test(name, { skip: chromiumMissing() }, async () => {
  const out = join(sandbox.home, 'report.html');
  const result = await sandbox.run(['report', 'tuned', '--out', out, '--resamples', '200']);
  assert.equal(result.code, 0, result.stderr);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('body[data-charts]');
    assert.deepEqual(errors, []);
    const rows = await page.$$eval('#importance tr[data-field]', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.deepEqual(
      rows.map((row) => row[1]),
      ['learningRate', 'cell'],
    );
    assert.match(rows[0]?.[3] ?? '', /^9\d\.\d% ± \d+\.\d%$/);
    assert.match((await page.textContent('#importance-note')) ?? '', /18 trials/);
  } finally {
    await browser.close();
  }
});
