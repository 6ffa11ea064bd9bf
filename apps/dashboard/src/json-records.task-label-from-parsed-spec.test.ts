import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepSpec } from '@cellsweep/core';
import type { JsonObject } from '@cellsweep/store';
import { sweepTasksLabel } from './json-records.js';

/** The spec as `submit` and `run` store it: parsed by core, then through JSON (the sweeps table's column). */
function storedSpec(yaml: string): JsonObject {
  return JSON.parse(JSON.stringify(parseSweepSpec(yaml, 'spec.yaml'))) as JsonObject;
}

test('the sweep list labels a parsed spec by its dataset (core stores task as a list: it showed null)', () => {
  const spec = storedSpec('name: one\ntask: { dataset: adding, sequenceLength: 20 }\ncells: [rnn]\nhidden: 4');
  assert.ok(Array.isArray(spec.task));
  assert.equal(sweepTasksLabel(spec), 'adding');
});

test('several tasks are listed once each, in spec order', () => {
  const spec = storedSpec(
    'name: two\ntask: [{ dataset: copy }, { dataset: adding, sequenceLength: 20 }, { dataset: adding }]\ncells: [rnn]\nhidden: 4',
  );
  assert.equal(sweepTasksLabel(spec), 'copy, adding');
});

test('hand-written specs: one task object or a string still work; no task gives null', () => {
  assert.equal(sweepTasksLabel({ task: { dataset: 'parity' } }), 'parity');
  assert.equal(sweepTasksLabel({ task: 'memorize' }), 'memorize');
  assert.equal(sweepTasksLabel({}), null);
});
