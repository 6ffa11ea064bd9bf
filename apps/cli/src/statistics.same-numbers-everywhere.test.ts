/**
 * One statistics path (issue 19): a real multi-task, multi-hyperparameter sweep, then the same groups, means,
 * intervals, frontiers and verdicts from `run`'s summary, `compare --format json`, the report's embedded data and the
 * dashboard's API. Before, `run` pooled tasks per cell, its verdict intervals differed from `compare`'s (other
 * options), and the dashboard had statistics of its own.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { groupVerdicts, type SweepAnalysis } from '@cellsweep/analysis';
import { reportAnalysis, type ReportAnalysis } from './report/report-data.js';
import { buildDashboardServer } from '@cellsweep/dashboard';
import { openStore } from '@cellsweep/store';
import { headingOf } from './output/setting-heading.js';
import { formatNumber } from './output/text-table.js';
import { chromiumMissing, launchChromium } from './test-browser.js';
import { createSandbox, type CliResult } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

/** 2 tasks × 2 learning rates × 2 cells × 3 seeds = 24 tiny trials. */
const SPEC = [
  'name: everywhere',
  'task:',
  '  - { dataset: adding, sequenceLength: 5, trainSize: 64, validationSize: 16, testSize: 16 }',
  '  - { dataset: adding, sequenceLength: 8, trainSize: 64, validationSize: 16, testSize: 16 }',
  'cells: [rnn, lstm]',
  'hidden: 3',
  'training: { epochs: 1, batchSize: 32, learningRate: [0.01, 0.05] }',
  'seeds: 3',
].join('\n');

let run: CliResult;
let compare: SweepAnalysis;

before(async () => {
  run = await sandbox.run(['run', sandbox.spec('everywhere.yaml', SPEC), '--workers', '2']);
  assert.equal(run.code, 0, run.stderr);
  const json = await sandbox.run(['compare', 'everywhere', '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  compare = (JSON.parse(json.stdout) as { analysis: SweepAnalysis }).analysis;
});

/** The run summary's tables: heading → rows of cells split on 2+ spaces. */
function summaryTables(stdout: string): Map<string, string[][]> {
  const tables = new Map<string, string[][]>();
  for (const block of stdout.split('\n\n')) {
    const lines = block.split('\n');
    const heading = /^(.*) \(mean over seeds, .*\):$/.exec(lines[0] ?? '')?.[1];
    if (heading === undefined) continue;
    tables.set(
      heading,
      lines.slice(3).map((line) => line.trim().split(/ {2,}/)),
    );
  }
  return tables;
}

type Summary = { mean: number; ci: readonly [number, number] | null; ciCaution: string | null } | null | undefined;
/** As the summary prints a mean: "0.1234 [0.1, 0.2]", starred when the analysis cautions about the interval. */
const withCi = (s: Summary): string =>
  s
    ? `${formatNumber(s.mean)}${s.ci ? ` [${formatNumber(s.ci[0])}, ${formatNumber(s.ci[1])}]` : ''}` +
      (s.ciCaution === null ? '' : '*')
    : '-';

test("the run summary has one row per task × learning rate × cell, with compare's means and intervals", () => {
  assert.equal(compare.groups.length, 8);
  const tables = summaryTables(run.stdout);
  assert.equal(tables.size, 4, run.stdout);
  for (const group of compare.groups) {
    const rows = tables.get(headingOf(group)) ?? [];
    const row = rows.find((cells) => cells[1] === group.arm);
    assert.ok(row, `${headingOf(group)} ${group.arm} in\n${run.stdout}`);
    assert.deepEqual(row, [
      `hidden ${group.setting.size.value}`,
      group.arm,
      String(group.seeds.length),
      String(group.paramCount),
      withCi(group.metrics.testLoss),
      withCi(group.metrics.testGap),
    ]);
    assert.equal(group.seeds.length, 3);
  }
});

test("run prints exactly compare's verdict lines, intervals included, under the same headings", () => {
  const verdict = /\nVerdict[^\n]*:\n([\s\S]*?)(\n\n|$)/.exec(run.stdout)?.[1] ?? '';
  const { sections } = groupVerdicts(compare);
  const expected = sections.flatMap((section) =>
    section.heading === null ? section.lines : [`${section.heading}:`, ...section.lines],
  );
  assert.deepEqual(
    verdict.split('\n').map((line) => line.replace(/^ +(- )?/, '')),
    expected,
  );
  assert.equal(sections.flatMap((section) => section.lines).length, compare.verdicts.length);
  assert.equal(compare.comparisons.length, 4, 'one rnn-lstm comparison per task × learning rate');
});

test("the report embeds the very numbers compare prints (the part it shows), and draws each task's frontier", async () => {
  const out = join(sandbox.home, 'report.html');
  const report = await sandbox.run(['report', 'everywhere', '--out', out]);
  assert.equal(report.code, 0, report.stderr);
  const html = readFileSync(out, 'utf8');
  const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
  // The groups' table metrics, frontiers, gradient slopes and importance of compare's analysis, number for number;
  // the comparisons and trends reach the page as verdict lines (checked with groupVerdicts above).
  assert.deepEqual((JSON.parse(data) as { analysis: ReportAnalysis }).analysis, reportAnalysis(compare));
  if (chromiumMissing()) return;
  // Its charts draw every task's frontier (a multi-task sweep once showed only the first task's).
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('body[data-charts]');
    const names = (await page.evaluate(`(() => echarts.getInstanceByDom(document.getElementById('chart-test'))
      .getOption().series.map((series) => series.name).filter((name) => name.startsWith('Pareto')))()`)) as string[];
    const tasks = compare.frontiers.filter((f) => f.metric === 'testLoss').map((f) => `Pareto frontier: ${f.task}`);
    assert.equal(tasks.length, 2);
    assert.deepEqual(names, tasks);
  } finally {
    await browser.close();
  }
});

test('the dashboard API gives the same groups, intervals, frontiers and verdicts', async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  const token = 'same-numbers-token-0123456789';
  const app = await buildDashboardServer({ store, token });
  try {
    const get = async <T>(url: string): Promise<T> => {
      const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<T>();
    };
    type External = { status: string; result: SweepAnalysis | null };
    type Api = Pick<SweepAnalysis, 'groups' | 'frontiers'> & { external: External };
    let api = await get<Api>('/api/sweeps/everywhere/analysis');
    assert.equal(api.groups.length, compare.groups.length);
    for (const [index, group] of api.groups.entries()) {
      const { trialIds: _ids, metrics, ...expected } = compare.groups[index] as SweepAnalysis['groups'][number];
      const { metrics: shown, quartiles: _q, ...rest } = group as typeof group & { quartiles: unknown };
      assert.deepEqual(rest, expected);
      assert.deepEqual(shown, { valLoss: metrics.valLoss, testLoss: metrics.testLoss, testGap: metrics.testGap });
    }
    assert.deepEqual(api.frontiers, compare.frontiers);
    // The verdicts come from the full analysis, which runs in a worker thread.
    for (let i = 0; i < 300 && api.external.status === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      api = await get<Api>('/api/sweeps/everywhere/analysis');
    }
    assert.equal(api.external.status, 'ready');
    assert.deepEqual(api.external.result?.comparisons, compare.comparisons);
    assert.deepEqual(api.external.result?.verdicts, compare.verdicts);
  } finally {
    await app.close();
    await store.close();
  }
});
