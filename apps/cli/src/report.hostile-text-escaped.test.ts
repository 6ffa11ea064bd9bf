import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { gradientSlope } from '@cellsweep/analysis';
import { openStore } from '@cellsweep/store';
import { chromiumMissing, launchChromium } from './test-browser.js';
import { createSandbox } from './test-cli.js';

// Issue 14, defect 4: a cell named `<img src=x onerror=alert(1)>` ran `alert` when its chart tooltip showed. Here
// every text field the report reads from the store holds markup that, if parsed as HTML anywhere, records its
// field number in `window.__xss`: then every tooltip of every chart is shown.

const FIELDS = [
  'sweep name',
  'spec description',
  'cell A',
  'cell B',
  'task dataset',
  'hyperparameter value 1',
  'hyperparameter value 2',
  'cell option (arm label)',
  'metric name',
  'backend',
  'error',
];
const hostile = (field: string): string => `"'><img src=x onerror=__xss.push(${FIELDS.indexOf(field)})>`;

const sandbox = createSandbox();
after(() => sandbox.remove());
const STEPS = 8;
const curve = (rate: number): number[] => Array.from({ length: STEPS }, (_, t) => 0.3 * rate ** (STEPS - 1 - t));

before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    const name = hostile('sweep name');
    const spec = { name, description: hostile('spec description') };
    const sweep = await store.upsertSweep({ name, spec, specHash: 'x' });
    const cells = [hostile('cell A'), hostile('cell B')];
    const optimizers = [hostile('hyperparameter value 1'), hostile('hyperparameter value 2')];
    const trials = cells.flatMap((cell, c) =>
      optimizers.flatMap((optimizer, o) =>
        [0, 1, 2].map((seed) => ({
          id: `t${c}${o}${seed}`,
          configKey: `t${c}${o}${seed}`,
          ordinal: c * 6 + o * 3 + seed,
          cell,
          hidden: 4,
          layers: 1,
          paramBudget: 500,
          paramCount: 500 + c * 50,
          seed,
          config: {
            task: { dataset: hostile('task dataset') },
            cell,
            seed,
            training: { optimizer },
            // A cell option that varies makes the arm label `cell[unitForgetBias=…]`.
            ...(c === 0 ? { unitForgetBias: seed === 0 ? hostile('cell option (arm label)') : true } : {}),
          },
        })),
      ),
    );
    await store.addTrials(sweep.id, trials);
    for (const trial of trials) {
      const { attempt } = await store.startAttempt(trial.id, { backend: hostile('backend') });
      if (trial.ordinal === 11) {
        await store.failTrial(trial.id, attempt, hostile('error'));
        continue;
      }
      const norms = curve(0.6 + 0.3 * Number(trial.id[1]) + trial.seed / 100);
      for (const epoch of [1, 2]) {
        await store.recordAttemptEpoch(trial.id, attempt, {
          epoch,
          trainLoss: 0.3 / epoch,
          valLoss: 0.35 / epoch,
          samplesPerSec: 1,
          epochTimeMs: 1,
          gradientNorms: norms,
          gradientReach: 3,
          gradientSlope: gradientSlope(norms),
        });
      }
      await store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 5,
        epochsRun: 2,
        bestEpoch: 2,
        trainLoss: 0.1,
        valLoss: 0.12 + trial.seed / 100,
        testLoss: 0.11 + trial.seed / 100 + trial.paramCount / 1e5,
        generalizationGap: 0.01,
        metricName: hostile('metric name'),
        valMetric: 0.12,
        testMetric: 0.11,
        initialGradientSlope: gradientSlope(curve(0.8)),
        gradientSlope: gradientSlope(norms),
      });
    }
  } finally {
    await store.close();
  }
});

const skip = chromiumMissing();
test('no stored text runs as markup in the report, in any tooltip, label, legend or table', { skip }, async () => {
  const out = join(sandbox.home, 'report.html');
  const result = await sandbox.run(['report', hostile('sweep name'), '--out', out, '--resamples', '200']);
  assert.equal(result.code, 0, result.stderr);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.addInitScript('window.__xss = []');
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('body[data-charts]');
    assert.deepEqual(errors, []);
    assert.equal(await page.getAttribute('body', 'data-charts'), '7', 'every chart drew, the gradient ones included');
    // Show the tooltip of every data item of every series of every chart, as hovering would.
    const shown = (await page.evaluate(`(async () => {
      let count = 0;
      for (const el of document.querySelectorAll('.chart[data-rendered]')) {
        const chart = echarts.getInstanceByDom(el);
        chart.getOption().series.forEach((series, seriesIndex) => {
          (series.data || []).forEach((_, dataIndex) => {
            chart.dispatchAction({ type: 'showTip', seriesIndex, dataIndex });
            count += 1;
          });
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return count;
    })()`)) as number;
    assert.ok(shown > 100, `showed ${shown} tooltips`);
    await page.waitForTimeout(500); // let any injected <img> fail to load and fire onerror
    const ran = (await page.evaluate('window.__xss')) as number[];
    assert.deepEqual(
      [...new Set(ran)].map((index) => FIELDS[index]),
      [],
      'fields whose text ran as markup',
    );
    assert.deepEqual(dialogs, []);
    assert.equal(await page.locator('img').count(), 0, 'no <img> element came from the data');
    // The text is shown as text: in the title, a table cell and a tooltip.
    assert.equal(await page.textContent('#title'), `cellsweep report: ${hostile('sweep name')}`);
    const tooltip = (await page.evaluate(`(() => {
      const el = document.getElementById('chart-test');
      echarts.getInstanceByDom(el).dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
      return el.innerText;
    })()`)) as string;
    assert.ok(tooltip.includes(hostile('cell A')), `the tooltip shows the cell name as text: ${tooltip}`);
    const tableText = (await page.textContent('#gradient-slopes')) ?? '';
    assert.ok(tableText.includes(hostile('cell B')), 'the slope table shows the cell name as text');
  } finally {
    await browser.close();
  }
});
