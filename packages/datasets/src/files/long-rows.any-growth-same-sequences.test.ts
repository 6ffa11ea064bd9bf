import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LongRows } from './long-rows.js';

const NAMES = { target: 'label', split: 'split', step: 'step' };
const SEQUENCES = 1_500;
const STEPS = 100; // 150,000 rows: past the first capacity (65,536 rows), so the arrays grow
const WIDTH = 2;

/** The value of feature f at step t of sequence s: unique, so any misplaced row shows. */
const value = (s: number, t: number, f: number): number => s * 1_000 + t * 10 + f;

function fill(rows: LongRows, order: readonly number[]): void {
  const values = new Float32Array(WIDTH);
  for (const row of order) {
    const [s, t] = [Math.floor(row / STEPS), row % STEPS];
    for (let f = 0; f < WIDTH; f++) values[f] = value(s, t, f);
    rows.add(`s${s}`, t, s % 2 === 0 ? 'a' : 'b', null, values, row + 2, 20);
  }
}

function check(sequences: ReturnType<LongRows['finish']>, firstSeen: readonly number[]): void {
  assert.equal(sequences.length, SEQUENCES);
  sequences.forEach((sequence, i) => {
    const s = firstSeen[i] as number;
    assert.equal(sequence.steps, STEPS);
    assert.equal(sequence.target, s % 2 === 0 ? 'a' : 'b');
    const expected = Float32Array.from({ length: STEPS * WIDTH }, (_, k) => value(s, Math.floor(k / WIDTH), k % WIDTH));
    assert.deepEqual(sequence.values, expected, `sequence s${s}`);
  });
}

test('rows in file order and shuffled give the same sequences, however wrong the row estimate', () => {
  const inOrder = Array.from({ length: SEQUENCES * STEPS }, (_, row) => row);
  // A file size far below the rows' bytes (estimate too low: growth by the minimum step) and far above (one grow).
  for (const fileBytes of [1, 1e9]) {
    const ordered = new LongRows('x.csv', WIDTH, fileBytes, false, NAMES);
    fill(ordered, inOrder);
    const sequences = ordered.finish();
    check(
      sequences,
      Array.from({ length: SEQUENCES }, (_, s) => s),
    );
    // In file order the sequences are views into one array, not copies.
    assert.equal(sequences[0]?.values.buffer, sequences[SEQUENCES - 1]?.values.buffer);

    let state = 7;
    const shuffled = [...inOrder];
    for (let i = shuffled.length - 1; i > 0; i--) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const j = state % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
    }
    const mixed = new LongRows('x.csv', WIDTH, fileBytes, false, NAMES);
    fill(mixed, shuffled);
    const firstSeen: number[] = [];
    const seen = new Set<number>();
    for (const row of shuffled) {
      const s = Math.floor(row / STEPS);
      if (!seen.has(s)) firstSeen.push(s), seen.add(s);
    }
    check(mixed.finish(), firstSeen);
  }
});
