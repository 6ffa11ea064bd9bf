import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SweepRecord, TrialRecord } from '@cellsweep/store';
import { describeRecords } from '@cellsweep/analysis';
import { renderGroupSummary } from './group-summary.js';
import { extraMetricNames, renderResults } from './results.js';
import { finishedTrial } from './test-trial-record.js';

const at = new Date('2026-11-27T10:00:00.000Z');

function trial(ordinal: number, testMetrics: TrialRecord['testMetrics']): TrialRecord {
  return finishedTrial({
    ordinal,
    seed: ordinal,
    paramBudget: 500,
    paramCount: 480,
    epochsRun: 2,
    bestEpoch: 2,
    metricName: 'accuracy',
    valMetric: 0.8,
    testMetric: 0.9,
    testMetrics,
  });
}

const sweep = { id: 's', name: 'spam-f1', status: 'COMPLETED', createdAt: at, finishedAt: at } as SweepRecord;
const spam = [
  trial(0, { accuracy: 0.9, f1: 0.8, recall: 6 / 7, precision: 0.75 }),
  trial(1, { accuracy: 0.9, f1: 0.6, precision: 0.5, recall: 0.75 }),
];

test('extra metrics are the named ones besides the primary, sorted by name', () => {
  assert.deepEqual(extraMetricNames(spam), ['f1', 'precision', 'recall']);
  assert.deepEqual(extraMetricNames([trial(0, null), trial(1, { accuracy: 0.9 })]), []);
});

test('table, CSV and JSON show them; sweeps without them render exactly as before', () => {
  const table = renderResults(sweep, spam, 'table');
  assert.match(table, /other test metrics/);
  assert.match(table, /f1 0\.8000 {2}precision 0\.7500 {2}recall 0\.8571/);
  const [header, first] = renderResults(sweep, spam, 'csv').split('\n');
  assert.match(header ?? '', /,test_metric,test_f1,test_precision,test_recall,best_epoch,/);
  assert.match(first ?? '', /,0\.9,0\.8,0\.75,0\.8571428571428571,2,/);
  const json = JSON.parse(renderResults(sweep, spam, 'json')) as { trials: { testMetrics: unknown }[] };
  assert.deepEqual(json.trials[1]?.testMetrics, { accuracy: 0.9, f1: 0.6, precision: 0.5, recall: 0.75 });
  const legacy = [trial(0, null)];
  assert.doesNotMatch(renderResults(sweep, legacy, 'table'), /other test metrics/);
  assert.doesNotMatch(renderResults(sweep, legacy, 'csv'), /test_f1/);
  assert.match(renderGroupSummary(describeRecords(spam), spam), /f1 0\.7000 {2}precision 0\.6250 {2}recall 0\.8036/);
});

test('CSV and JSON carry the kernel build each trial trained on (empty without fused layers)', () => {
  const mixed = [trial(0, null), { ...trial(1, null), kernels: null }];
  const [header, first, second] = renderResults(sweep, mixed, 'csv').split('\n');
  assert.match(header ?? '', /,backend,kernels,error$/);
  assert.match(first ?? '', /,wasm,relaxed,$/);
  assert.match(second ?? '', /,wasm,,$/);
  const json = JSON.parse(renderResults(sweep, mixed, 'json')) as { trials: { kernels: unknown }[] };
  assert.deepEqual(
    json.trials.map((t) => t.kernels),
    ['relaxed', null],
  );
});
