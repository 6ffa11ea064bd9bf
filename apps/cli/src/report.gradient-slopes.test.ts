import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { gradientSlope } from '@cellsweep/analysis';
import { openStore } from '@cellsweep/store';
import type { ReportData } from './report/report-data.js';
import { chromiumMissing, launchChromium } from './test-browser.js';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

const STEPS = 10;
/** Final decay per step back: rnn ×0.5 (vanishing), lstm ×1 (stable); both ×0.8 untrained. */
const RATE: Record<string, number> = { rnn: 0.5, lstm: 1 };
const WOBBLE = [0.002, -0.002, 0];
const curve = (rate: number): number[] => Array.from({ length: STEPS }, (_, t) => 0.3 * rate ** (STEPS - 1 - t));

before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    const sweep = await store.upsertSweep({ name: 'slopes', spec: { name: 'slopes' }, specHash: 'x' });
    const trials = Object.keys(RATE).flatMap((cell) =>
      [0, 1, 2].map((seed) => ({
        id: `${cell}${seed}`,
        configKey: `${cell}${seed}`,
        ordinal: seed,
        cell,
        hidden: 4,
        layers: 1,
        paramBudget: 500,
        paramCount: 500,
        seed,
        config: { task: { dataset: 'adding' }, cell, seed },
      })),
    );
    await store.addTrials(sweep.id, trials);
    for (const trial of trials) {
      const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
      // Each seed's curve decays at rate·e^wobble per step: its slope is ln(rate) + wobble.
      const norms = curve((RATE[trial.cell] as number) * Math.exp(WOBBLE[trial.seed] as number));
      await store.recordAttemptEpoch(trial.id, attempt, {
        epoch: 1,
        trainLoss: 0.3,
        valLoss: 0.35,
        samplesPerSec: 1,
        epochTimeMs: 1,
        gradientNorms: norms,
        gradientReach: 3,
        gradientSlope: gradientSlope(norms),
      });
      await store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 5,
        epochsRun: 1,
        bestEpoch: 1,
        trainLoss: 0.1,
        valLoss: 0.12,
        testLoss: 0.11 + trial.seed / 100,
        initialGradientSlope: gradientSlope(curve(0.8)),
        gradientSlope: gradientSlope(norms),
      });
    }
  } finally {
    await store.close();
  }
});

function reportData(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match);
  return JSON.parse(match[1] as string) as ReportData;
}

test("the report's data carries each trial's slopes and each group's mean slope, CI and regime", async () => {
  const out = join(sandbox.home, 'data.html');
  const result = await sandbox.run(['report', 'slopes', '--out', out, '--resamples', '1000']);
  assert.equal(result.code, 0, result.stderr);
  const data = reportData(readFileSync(out, 'utf8'));
  for (const trial of data.trials) {
    const wobble = WOBBLE[trial.seed] as number;
    assert.ok(
      Math.abs((trial.gradientSlope as number) - (Math.log(RATE[trial.cell] as number) + wobble)) < 1e-12,
      trial.id,
    );
    assert.ok(Math.abs((trial.initialGradientSlope as number) - Math.log(0.8)) < 1e-12);
  }
  const byArm = new Map(data.analysis.gradientSlopes.map((g) => [g.arm, g]));
  assert.ok(Math.abs((byArm.get('rnn')?.final?.slope.mean as number) - Math.log(0.5)) < 1e-12);
  assert.ok(Math.abs(byArm.get('lstm')?.final?.slope.mean as number) < 1e-12);
  assert.equal(byArm.get('rnn')?.final?.regime, 'vanishing');
  assert.equal(byArm.get('lstm')?.initial?.regime, 'vanishing');
  // lstm's final CI is about ±0.005 wide around 0 whatever the interval method: inside ±0.01, so stable.
  assert.equal(byArm.get('lstm')?.final?.regime, 'stable');
});

test('the report shows the slope table and chart in Chromium', { skip: chromiumMissing() }, async () => {
  const out = join(sandbox.home, 'report.html');
  const result = await sandbox.run(['report', 'slopes', '--out', out, '--resamples', '1000']);
  assert.equal(result.code, 0, result.stderr);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('body[data-charts]');
    assert.deepEqual(errors, []);
    assert.equal(
      await page.getAttribute('body', 'data-charts'),
      '7',
      'five charts, gradient norms and gradient slopes',
    );
    assert.equal(await page.getAttribute('#chart-gradient-slopes', 'data-rendered'), 'true');
    const rows = await page.$$eval('#gradient-slopes tr[data-arm]', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.deepEqual(
      rows.map((row) => [row[1], row[2], row[4], row[6], row[7]]),
      [
        ['lstm', '3/3', 'vanishing', 'stable', '×1.00'],
        ['rnn', '3/3', 'vanishing', 'vanishing', '×0.500'],
      ],
    );
    // Student-t over 3 seeds (wider than the percentile bootstrap it replaced, which covered too little).
    assert.match(rows[1]?.[5] ?? '', /^-0\.693 \[-0\.(69|70)\d, -0\.(68|69)\d\]$/);
    assert.ok((await page.locator('#chart-gradient-slopes svg path').count()) >= 4, 'points and CI bars drawn');
    // The log axis of gradient norms (down to 0.3·0.5⁹ ≈ 6e-4) labels small values in exponent notation, never 0.0001.
    const labels = await page.$$eval('#chart-gradients svg text', (texts) =>
      texts.map((text) => text.textContent ?? ''),
    );
    assert.ok(labels.includes('1e-4'), JSON.stringify(labels));
    assert.ok(
      labels.every((label) => !/^0\.000/.test(label)),
      JSON.stringify(labels),
    );
    await page.locator('#gradient-slopes').screenshot({ path: join(sandbox.home, 'gradient-slopes.png') });
  } finally {
    await browser.close();
  }
});
