import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { openStore } from '@cellsweep/store';
import { chromiumMissing, launchChromium } from './test-browser.js';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

// Two settings (learning rates) of one task and size, 3 cells' worth of seeds each.
before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    const sweep = await store.upsertSweep({ name: 'settings', spec: { name: 'settings' }, specHash: 'x' });
    const trials = [0.01, 0.03].flatMap((learningRate, l) =>
      ['lstm', 'gru'].flatMap((cell) =>
        [0, 1, 2].map((seed) => ({
          id: `${cell}${seed}-${l}`,
          configKey: `${cell}${seed}-${l}`,
          ordinal: l * 6 + seed,
          cell,
          hidden: 4,
          layers: 1,
          paramCount: cell === 'gru' ? 89 : 117,
          seed,
          config: { task: { dataset: 'adding', sequenceLength: 8 }, cell, seed, training: { learningRate } },
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
        testLoss: 0.11 + trial.seed / 100 + (trial.cell === 'gru' ? 0.01 : 0),
        generalizationGap: 0.01,
        metricName: 'mse',
        valMetric: 0.12,
        testMetric: 0.11,
      });
    }
  } finally {
    await store.close();
  }
});

test('the report names in its setting column only what tells the settings apart; the whole setting is the tooltip', {
  skip: chromiumMissing(),
}, async () => {
  const out = join(sandbox.home, '..', 'report.html');
  const result = await sandbox.run(['report', 'settings', '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('body[data-charts]');
    const rows = await page.$$eval('#groups tr', (trs) =>
      trs.slice(1).map((tr) => {
        const cell = tr.querySelector('td');
        return [cell?.textContent ?? '', cell?.getAttribute('title') ?? '', tr.querySelectorAll('td')[1]?.textContent];
      }),
    );
    assert.equal(rows.length, 4, JSON.stringify(rows));
    const shown = rows.map(([text, , arm]) => `${text} ${arm}`).sort();
    assert.deepEqual(shown, [
      'learningRate=0.01 gru',
      'learningRate=0.01 lstm',
      'learningRate=0.03 gru',
      'learningRate=0.03 lstm',
    ]);
    for (const [text, title] of rows) {
      assert.ok(title.includes('adding(') && title.includes(text), `the tooltip is the whole setting: ${title}`);
      assert.doesNotMatch(text, /adding\(|hidden 4|1 layer/);
    }
  } finally {
    await browser.close();
  }
});
