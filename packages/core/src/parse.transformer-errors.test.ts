import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecValidationError } from './errors.js';
import { parseSweepSpec } from './parse.js';

function problems(text: string): string {
  try {
    parseSweepSpec(text, 'bad.yaml');
  } catch (error) {
    if (error instanceof SpecValidationError) return error.message;
    throw error;
  }
  assert.fail('the spec was accepted');
}

const base = 'name: a\ntask: { dataset: adding }\n';

test('transformer is a cell like the others and its options default', () => {
  const spec = parseSweepSpec(
    `${base}cells: [rnn, lstm, gru, transformer]\nparamBudget: 5000\ntransformer: { heads: 4 }`,
  );
  assert.deepEqual(spec.cells, ['rnn', 'lstm', 'gru', 'transformer']);
  assert.deepEqual(spec.transformer, { heads: [4], ffMultiplier: [2], positional: ['sinusoidal'] });
});

test('a width that does not split over the heads names hidden, the heads and the fix', () => {
  const message = problems(`${base}cells: [lstm, transformer]\nhidden: [32, 30]\ntransformer: { heads: 4 }`);
  assert.match(message, /hidden: hidden 30 is not a multiple of transformer\.heads 4; use a multiple of 4/);
  assert.doesNotMatch(message, /hidden 32/);
  // The default 2 heads apply when there is no transformer block; no check at all without a transformer cell.
  assert.match(
    problems(`${base}cells: transformer\nhidden: 7`),
    /hidden 7 is not a multiple of transformer\.heads 2; use a multiple of 2/,
  );
  assert.doesNotThrow(() => parseSweepSpec(`${base}cells: lstm\nhidden: 7\ntransformer: { heads: 4 }`));
});

test('bad transformer options name the field', () => {
  assert.match(problems(`${base}cells: transformer\nhidden: 8\ntransformer: { heads: 0 }`), /transformer\.heads/);
  assert.match(
    problems(`${base}cells: transformer\nhidden: 8\ntransformer: { ffMultiplier: 1.5 }`),
    /transformer\.ffMultiplier/,
  );
  assert.match(
    problems(`${base}cells: transformer\nhidden: 8\ntransformer: { positional: rotary }`),
    /transformer\.positional.*"sinusoidal"\|"learned"/,
  );
  assert.match(
    problems(`${base}cells: transformer\nhidden: 8\ntransformer: { head: 2 }`),
    /transformer: unknown field "head" \(allowed: heads, ffMultiplier, positional\)/,
  );
});

test('learned positions with a test split of another length are refused, naming the fix', () => {
  const message = problems(
    'name: a\ntask: { dataset: parity, sequenceLength: 10, testSequenceLength: 20 }\ncells: transformer\nhidden: 8\ntransformer: { positional: learned }',
  );
  assert.match(
    message,
    /transformer\.positional: learned positions need one sequence length, but task tests at another length than it trains; use transformer\.positional: sinusoidal/,
  );
  assert.doesNotThrow(() =>
    parseSweepSpec(
      'name: a\ntask: { dataset: parity, sequenceLength: 10, testSequenceLength: 20 }\ncells: transformer\nhidden: 8',
    ),
  );
});
