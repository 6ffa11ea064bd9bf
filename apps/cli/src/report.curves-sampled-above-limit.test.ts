import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrialRecord } from '@cellsweep/store';
import { curveSample, REPORT_MAX_CURVES } from './report/report-data.js';

const trials = (count: number): TrialRecord[] =>
  Array.from({ length: count }, (_, ordinal) => ({ id: `t${ordinal}` }) as TrialRecord);

test('a report embeds every curve up to the limit, and an evenly spread sample of at most the limit beyond it', () => {
  assert.deepEqual(curveSample(trials(5)), ['t0', 't1', 't2', 't3', 't4']);
  assert.equal(curveSample(trials(REPORT_MAX_CURVES)).length, REPORT_MAX_CURVES);
  const sample = curveSample(trials(100_000));
  assert.ok(sample.length <= REPORT_MAX_CURVES && sample.length > REPORT_MAX_CURVES / 2, `${sample.length}`);
  assert.equal(sample[0], 't0');
  assert.equal(sample[1], `t${Math.ceil(100_000 / REPORT_MAX_CURVES)}`);
});
