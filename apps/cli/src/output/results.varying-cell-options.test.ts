import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SweepRecord, TrialRecord } from '@cellsweep/store';
import { renderResults } from './results.js';
import { finishedTrial } from './test-trial-record.js';

const at = new Date('2026-12-07T18:00:00.000Z');
const sweep = { id: 's', name: 'options', status: 'COMPLETED', createdAt: at, finishedAt: at } as SweepRecord;

/** A trial whose config is shaped as expansion writes it: options a cell lacks are pinned (rnn: bias false). */
function trial(ordinal: number, cell: string, options: Record<string, unknown> = {}): TrialRecord {
  const pinned = cell === 'lstm' ? { unitForgetBias: true } : { unitForgetBias: false };
  const config = { cell, seed: 0, layers: 1, recurrentActivation: 'sigmoid', ...pinned, ...options };
  return finishedTrial({ ordinal, cell, config });
}

/** Each row of a rendered table as its whitespace-separated cells (the values here have no spaces). */
const rowsOf = (table: string): string[][] =>
  table
    .split('\n')
    .filter((_, i) => i !== 1)
    .map((line) => line.trim().split(/\s+/));

test('results shows the cell options that vary, after the cell, with "—" on cells without them', () => {
  const trials = [
    trial(0, 'rnn'),
    trial(1, 'irnn', { identityScale: 1 }),
    trial(2, 'irnn', { identityScale: 0.01 }),
    trial(3, 'lstm', { unitForgetBias: true }),
    trial(4, 'lstm', { unitForgetBias: false }),
    trial(5, 'gru'),
  ];
  const [header, ...rows] = rowsOf(renderResults(sweep, trials, 'table'));
  // recurrentActivation is sigmoid on every gated cell, so it does not vary and gets no column.
  assert.deepEqual(header?.slice(0, 5), ['#', 'cell', 'identityScale', 'unitForgetBias', 'layers']);
  assert.deepEqual(
    rows.map((row) => row.slice(1, 4)),
    [
      ['rnn', '—', '—'],
      ['irnn', '1', '—'],
      ['irnn', '0.01000', '—'],
      ['lstm', '—', 'true'],
      ['lstm', '—', 'false'],
      ['gru', '—', '—'],
    ],
  );
});

test('an option pinned on the cells without it does not count as varying', () => {
  // rnn and gru carry unitForgetBias: false, the lstm true: the option has one value where it applies.
  const table = renderResults(sweep, [trial(0, 'rnn'), trial(1, 'lstm'), trial(2, 'gru')], 'table');
  assert.deepEqual(rowsOf(table)[0]?.slice(0, 3), ['#', 'cell', 'layers']);
  assert.doesNotMatch(table, /unitForgetBias|—/);
});

test('the CSV export names the varying options in snake case and leaves them empty where they do not apply', () => {
  const trials = [trial(0, 'gru'), trial(1, 'lstm', { unitForgetBias: false }), trial(2, 'lstm')];
  const [header, ...lines] = renderResults(sweep, trials, 'csv').split('\n');
  const columns = header?.split(',') ?? [];
  assert.deepEqual(columns.slice(0, 4), ['trial_id', 'ordinal', 'cell', 'unit_forget_bias']);
  assert.deepEqual(
    lines.map((line) => line.split(',').slice(2, 4)),
    [
      ['gru', ''],
      ['lstm', 'false'],
      ['lstm', 'true'],
    ],
  );
});
