import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SearchArgumentError, SearchSpaceError } from './errors.js';
import { sampleRandom } from './random.js';
import { validateSpace } from './space.js';
import { mixedSpace } from './test-support.js';
import type { ParamSpec, ParamValue, SearchSpace } from './types.js';

function rejects(space: SearchSpace, field: string, reason: RegExp): void {
  assert.throws(
    () => validateSpace(space),
    (error: unknown) => {
      assert.ok(error instanceof SearchSpaceError, String(error));
      assert.equal(error.name, 'SearchSpaceError');
      assert.equal(error.field, field);
      assert.match(error.message, reason);
      assert.ok(error.message.includes(field), error.message);
      return true;
    },
  );
}

const float = (name: string, low: number, high: number, log = false): ParamSpec => ({
  name,
  domain: { kind: 'float', low, high, log },
});
const int = (name: string, low: number, high: number, log = false): ParamSpec => ({
  name,
  domain: { kind: 'int', low, high, log },
});
const choice = (name: string, choices: ParamValue[]): ParamSpec => ({ name, domain: { kind: 'categorical', choices } });
const when = (spec: ParamSpec, param: string, equals: ParamValue[]): ParamSpec => ({
  ...spec,
  when: { param, equals },
});

const lr = float('lr', 1e-4, 1e-1, true);
const cell = choice('cell', ['gru', 'lstm']);

test('a valid space passes, and samplers reject an invalid one with the same error', () => {
  validateSpace(mixedSpace);
  validateSpace([]);
  assert.throws(() => sampleRandom([float('lr', 1, 1)], 1, 0), SearchSpaceError);
});

test('numeric bounds: low >= high, log with low <= 0, non-integer int bounds, non-finite bounds', () => {
  rejects([float('lr', 0.1, 0.01)], 'lr.domain.low', /must be below high/);
  rejects([int('units', 4, 4)], 'units.domain.low', /categorical with one choice/);
  rejects([float('lr', 0, 1, true)], 'lr.domain.low', /log-scaled domain needs low > 0/);
  rejects([int('units', -1, 8, true)], 'units.domain.low', /low > 0/);
  rejects([int('units', 1.5, 8)], 'units.domain.low', /integer/);
  rejects([float('x', 0, Infinity)], 'x.domain.high', /finite/);
});

test('categorical: empty or repeated choices', () => {
  rejects([choice('cell', [])], 'cell.domain.choices', /at least one choice/);
  rejects([choice('cell', ['gru', 'lstm', 'gru'])], 'cell.domain.choices[2]', /repeats choice "gru"/);
});

test('names: missing and duplicated', () => {
  rejects([lr, int('', 1, 2)], 'space[1].name', /non-empty name/);
  rejects([lr, int('lr', 1, 2)], 'lr', /declared twice \(entries 0 and 1\)/);
});

test('conditions: unknown, self, cyclic, empty, impossible values, float parents', () => {
  rejects([lr, when(float('bias', 0, 1), 'cel', ['lstm'])], 'bias.when.param', /unknown parameter "cel"/);
  rejects([when(int('a', 0, 1), 'a', [1])], 'a.when.param', /itself/);
  const cycle = [when(int('a', 0, 1), 'b', [1]), when(int('b', 0, 1), 'a', [1])];
  rejects(cycle, 'a.when.param', /cycle of conditions \(a -> b -> a\)/);
  rejects([cell, when(float('bias', 0, 1), 'cell', [])], 'bias.when.equals', /at least one value/);
  rejects(
    [cell, when(float('bias', 0, 1), 'cell', ['LSTM'])],
    'bias.when.equals[0]',
    /"LSTM" is not a value cell can take/,
  );
  rejects([lr, when(int('warmup', 0, 5), 'lr', [0.01])], 'warmup.when.param', /float parameter lr/);
});

test('seed and index must be integers, the index non-negative', () => {
  assert.throws(() => sampleRandom([lr], 1.5, 0), SearchArgumentError);
  assert.throws(() => sampleRandom([lr], 1, -1), SearchArgumentError);
});
