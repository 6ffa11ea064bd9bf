import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration } from './text-table.js';

test('a duration whose seconds round up to 60 carries into the next minute', () => {
  // npm start under load printed "24/24 trials completed in 10m60s" for 659.6 s.
  assert.equal(formatDuration(659_600), '11m00s');
  assert.equal(formatDuration(179_500), '3m00s');
  assert.equal(formatDuration(179_400), '2m59s');
  assert.equal(formatDuration(120_000), '2m00s');
});

test('short durations keep their units', () => {
  assert.equal(formatDuration(null), '-');
  assert.equal(formatDuration(850), '850ms');
  assert.equal(formatDuration(46_200), '46.2s');
  assert.equal(formatDuration(119_900), '119.9s');
});
