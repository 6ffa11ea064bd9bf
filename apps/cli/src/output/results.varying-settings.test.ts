import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SweepRecord, TrialRecord } from '@cellsweep/store';
import { renderResults } from './results.js';
import { finishedTrial } from './test-trial-record.js';

const at = new Date('2026-12-07T18:00:00.000Z');
const sweep = { id: 's', name: 'settings', status: 'COMPLETED', createdAt: at, finishedAt: at } as SweepRecord;

/** A trial of a tuned sweep as the search driver stores it: its tuned values in `training`, its role in `search`. */
function trial(ordinal: number, role: 'search' | 'final', training: Record<string, unknown>): TrialRecord {
  const config = {
    cell: 'gru',
    seed: ordinal,
    layers: 1,
    size: { kind: 'budget', paramBudget: 500 },
    task: { dataset: 'adding', sequenceLength: 10 },
    training: { batchSize: 32, ...training },
    search: { role, index: 0, tuned: ['training.learningRate'], params: { 'training.learningRate': 1 } },
  };
  return finishedTrial({
    ordinal,
    seed: ordinal,
    paramBudget: 500,
    paramCount: 497,
    config,
    epochsRun: 3,
    bestEpoch: 3,
  });
}

const trials = [
  trial(0, 'search', { learningRate: 0.001, epochs: 1 }),
  trial(1, 'search', { learningRate: 0.01, epochs: 3 }),
  trial(2, 'final', { learningRate: 0.01, epochs: 3 }),
];

test('results names, after the seed, every setting that varies: a row says what it trained with', () => {
  const [header, , ...rows] = renderResults(sweep, trials, 'table')
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  const seedAt = header!.indexOf('seed');
  // `epochs` is taken by the best/run column, so the setting keeps its whole path; batchSize (32 on every trial),
  // the task and the search's own copies of the tuned values do not vary or repeat a column, so they get none.
  assert.deepEqual(header!.slice(seedAt + 1, seedAt + 4), ['role', 'training.epochs', 'learningRate']);
  assert.equal(header!.filter((name) => name === 'epochs').length, 1);
  assert.deepEqual(
    rows.map((row) => row.slice(seedAt + 1, seedAt + 4)),
    [
      ['search', '1', '0.001000'],
      ['search', '3', '0.01000'],
      ['final', '3', '0.01000'],
    ],
  );
});

test('the CSV export has the same settings as raw values under snake_case paths', () => {
  const [header, ...rows] = renderResults(sweep, trials, 'csv').trim().split('\n');
  const names = header!.split(',');
  const seedAt = names.indexOf('seed');
  assert.deepEqual(names.slice(seedAt + 1, seedAt + 4), ['search_role', 'training_epochs', 'training_learning_rate']);
  assert.ok(!names.some((name) => name.startsWith('search_params') || name === 'search_tuned'));
  assert.deepEqual(
    rows.map((row) => row.split(',').slice(seedAt + 1, seedAt + 4)),
    [
      ['search', '1', '0.001'],
      ['search', '3', '0.01'],
      ['final', '3', '0.01'],
    ],
  );
});

test('a sweep where nothing but cell, size and seed varies gets no setting columns', () => {
  const same = [trial(0, 'final', { learningRate: 0.01 }), trial(1, 'final', { learningRate: 0.01 })];
  const header = renderResults(sweep, same, 'csv').split('\n')[0]!.split(',');
  assert.equal(header[header.indexOf('seed') + 1], 'status');
});
