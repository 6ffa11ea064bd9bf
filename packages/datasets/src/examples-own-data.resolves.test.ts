import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseSweepSpec } from '@cellsweep/core';
import { resolveDataFiles } from './files/resolve.js';

// dist/ -> packages/datasets -> repo root
const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'own-data');

test('examples/own-data/names.yaml reads its committed CSV: 1,500 names, 8 steps × 5 bits, balanced classes', async () => {
  const spec = parseSweepSpec(readFileSync(join(EXAMPLE, 'names.yaml'), 'utf8'), 'names.yaml');
  const { dataFiles } = await resolveDataFiles(spec, EXAMPLE);
  const [names] = dataFiles;
  assert.deepEqual(names?.summary, { sequences: 1500, sequenceLength: 8, inputSize: 5, classes: ['female', 'male'] });
  assert.deepEqual(names?.splitSizes, { train: 1048, validation: 226, test: 226 });
  assert.deepEqual(names?.classCounts?.test, [113, 113]);
});
