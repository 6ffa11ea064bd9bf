import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseSweepSpec } from '@cellsweep/core';
import { describeTask } from './dataset.js';

// dist/ -> packages/datasets -> repo root
const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'tasks');

test('every spec under examples/tasks parses and describes (metrics and test lengths as documented)', () => {
  const files = readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  assert.deepEqual(files, ['g2p.yaml', 'mackey-glass.yaml', 'parity-length.yaml', 'spam-f1.yaml']);
  const shapes = Object.fromEntries(
    files.map((name) => {
      const spec = parseSweepSpec(readFileSync(join(EXAMPLES, name), 'utf8'), name);
      return [name, describeTask(spec.task[0] as (typeof spec.task)[number])];
    }),
  );
  assert.deepEqual(shapes['mackey-glass.yaml']?.testMetrics, ['nmse', 'mse']);
  assert.deepEqual(shapes['g2p.yaml']?.testMetrics, ['token-accuracy', 'sequence-accuracy']);
  assert.deepEqual(shapes['spam-f1.yaml']?.testMetrics, ['accuracy', 'f1', 'precision', 'recall']);
  assert.equal(shapes['parity-length.yaml']?.splits.test.sequenceLength, 16);
  assert.equal(shapes['parity-length.yaml']?.splits.validation.sequenceLength, 8);
});
