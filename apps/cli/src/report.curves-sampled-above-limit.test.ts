import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPORT_MAX_CURVES, REPORT_MAX_POINTS, reportSample } from './report/report-data.js';

const trials = (count: number): { id: string }[] =>
  Array.from({ length: count }, (_, ordinal) => ({ id: `t${ordinal}` }));

test('a report embeds every curve up to the limit, and an evenly spread sample of at most the limit beyond it', () => {
  assert.deepEqual(reportSample(trials(5)).curves, { ids: ['t0', 't1', 't2', 't3', 't4'], every: 1 });
  assert.equal(reportSample(trials(REPORT_MAX_CURVES)).curves.ids.length, REPORT_MAX_CURVES);
  const { curves } = reportSample(trials(100_000));
  assert.ok(
    curves.ids.length <= REPORT_MAX_CURVES && curves.ids.length > REPORT_MAX_CURVES / 2,
    `${curves.ids.length}`,
  );
  assert.equal(curves.ids[0], 't0');
  assert.equal(curves.ids[1], `t${curves.every}`);
  assert.equal(curves.every, Math.ceil(100_000 / REPORT_MAX_POINTS) * Math.ceil(REPORT_MAX_POINTS / REPORT_MAX_CURVES));
});

test('a report embeds every trial as a dot up to the limit, every k-th beyond it, and each curve trial has its dot', () => {
  assert.deepEqual(reportSample(trials(REPORT_MAX_POINTS)).points.every, 1);
  const { points, curves } = reportSample(trials(100_000));
  assert.equal(points.every, 50);
  assert.equal(points.items.length, 2_000);
  assert.deepEqual(
    points.items.slice(0, 3).map((trial) => trial.id),
    ['t0', 't50', 't100'],
  );
  const dots = new Set(points.items.map((trial) => trial.id));
  assert.ok(curves.ids.every((id) => dots.has(id)));
});
