import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
    const sweep = await store.upsertSweep({
      name: 'plots',
      spec: { name: 'plots', description: '</script><img src=x onerror=alert(1)>' },
      specHash: 'x',
    });
    const trials = ['lstm', 'gru'].flatMap((cell) =>
      [0, 1, 2].map((seed) => ({
        id: `${cell}${seed}`,
        configKey: `${cell}${seed}`,
        ordinal: seed,
        cell,
        hidden: 4,
        layers: 1,
        paramCount: cell === 'gru' ? 500 : 600,
        seed,
        config: { task: { dataset: 'adding' }, cell, seed },
      })),
    );
    await store.addTrials(sweep.id, trials);
    for (const trial of trials) {
      const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
      for (const epoch of [1, 2, 3])
        await store.recordAttemptEpoch(trial.id, attempt, {
          epoch,
          trainLoss: 0.3 / epoch,
          valLoss: 0.35 / epoch,
          samplesPerSec: 1,
          epochTimeMs: 1,
        });
      await store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 5,
        epochsRun: 3,
        bestEpoch: 3,
        trainLoss: 0.1,
        valLoss: 0.12,
        testLoss: 0.11 + trial.seed / 100,
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

test('report writes one self-contained HTML file whose plots render offline in Chromium', {
  skip: chromiumMissing(),
}, async () => {
  const out = join(sandbox.home, 'report.html');
  const result = await sandbox.run(['report', 'plots', '--out', out, '--resamples', '1000']);
  assert.equal(result.code, 0, result.stderr);
  const html = readFileSync(out, 'utf8');
  assert.ok(!/<script[^>]+src=/i.test(html), 'no external scripts: the file must open offline');
  assert.ok(!html.includes('</script><img'), 'user text cannot close the data script');

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('body[data-charts]');
    assert.deepEqual(errors, []);
    assert.equal(await page.getAttribute('body', 'data-charts'), '5');
    // Each plot drew SVG marks: scatter points for 6 trials on the test-loss chart, curves for 6 trials.
    const testMarks = await page.locator('#chart-test svg path').count();
    assert.ok(testMarks >= 6, `test-loss chart drew ${testMarks} paths`);
    assert.ok((await page.locator('#chart-val-curves svg path').count()) >= 6);
    assert.equal(
      await page
        .locator('#subtitle')
        .textContent()
        .then((t) => t?.includes('</script><img src=x onerror=alert(1)>')),
      true,
    );
    assert.equal(await page.locator('img').count(), 0, 'user text rendered as text, not markup');
    // 3 seeds per cell: every interval is starred with the analysis's reason, and the note under the table says so.
    const starred = await page.$$eval('#groups td.ci-caution', (tds) =>
      tds.map((td) => [td.textContent, td.getAttribute('title')]),
    );
    assert.equal(starred.length, 8, 'test, val, gap and metric of both cells');
    assert.ok(
      starred.every(([value, why]) => value?.endsWith(' *') && /too few/.test(why ?? '')),
      JSON.stringify(starred),
    );
    assert.match((await page.textContent('#groups-caution')) ?? '', /^\* this interval may cover less/);
    // Both cells have one size (hidden 4; 500 and 600 parameters): a strip per cell, and the note says so.
    assert.equal(await page.getAttribute('body', 'data-scatter-layout'), 'strip');
    assert.match(
      (await page.textContent('#scatter-layout')) ?? '',
      /^Every trial has about 550 parameters, so each cell is a strip of its own/,
    );
    // The setting is said once above the verdict, not on every line (one setting here: no headings).
    assert.equal(await page.textContent('#verdict-context'), 'All comparisons: adding · hidden 4 · 1 layer');
    const verdictLines = await page.$$eval('#verdicts li', (lis) => lis.map((li) => li.textContent ?? ''));
    assert.ok(
      verdictLines.some((line) => /^no significant difference between gru and lstm/.test(line)),
      verdictLines.join('\n'),
    );
    assert.ok(
      verdictLines.every((line) => !line.includes('hidden 4 ·')),
      verdictLines.join('\n'),
    );
    assert.ok(
      requests.every((url) => url.startsWith('file:')),
      `network requests: ${requests.join(', ')}`,
    );
    await page.screenshot({ path: join(sandbox.home, 'report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
