import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecValidationError } from './errors.js';
import { expandSweep } from './expand.js';
import { parseSweepSpec } from './parse.js';

const spec = (cells: string): string => `name: a\ntask: { dataset: adding }\ncells: ${cells}\nhidden: 8`;

function refusal(cells: string): string {
  try {
    parseSweepSpec(spec(cells), 'bad.yaml');
  } catch (error) {
    if (error instanceof SpecValidationError) return error.message;
    throw error;
  }
  assert.fail(`cells: ${cells} was accepted`);
}

test('a plugin cell is named plugin:<name> and expands like a built-in cell', () => {
  const parsed = parseSweepSpec(spec('[gru, plugin:mgu, plugin:my-cell2]'));
  assert.deepEqual(parsed.cells, ['gru', 'plugin:mgu', 'plugin:my-cell2']);
  assert.deepEqual(
    expandSweep(parsed).map((plan) => plan.config.cell),
    ['gru', 'plugin:mgu', 'plugin:my-cell2'],
  );
});

test('a path or a package in place of a plugin name is refused, saying the operator chooses modules', () => {
  for (const cells of [
    '[gru, "plugin:./mgu.js"]',
    '[gru, "plugin:/opt/mgu/index.mjs"]',
    '"plugin:@acme/mgu"',
    '"./mgu.mjs"',
    '"plugin:../x"',
  ]) {
    const message = refusal(cells);
    assert.match(message, /looks like a path or a package; a spec names a plugin cell as plugin:<name>/, cells);
    assert.match(message, /CELLSWEEP_PLUGINS/, cells);
  }
});

test('a plugin name outside lowercase letters, digits and "-" is refused', () => {
  for (const cells of ['"plugin:MGU"', '"plugin:"', '"plugin:1mgu"', '"plugin:mgu cell"']) {
    assert.match(refusal(cells), /is not a cell; use one of rnn, .*, transformer or plugin:<name>/, cells);
  }
});
