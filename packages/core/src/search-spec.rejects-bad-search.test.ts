import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecValidationError } from './errors.js';
import { parseSweepSpec } from './parse.js';

const base = 'name: s\ntask: { dataset: adding, sequenceLength: 10 }\ncells: [lstm, gru]\nhidden: 8\n';
const space = 'space: { training.learningRate: { float: [0.0001, 0.1], log: true } }';

function issues(text: string): string[] {
  try {
    parseSweepSpec(base + text, 'bad.yaml');
  } catch (error) {
    assert.ok(error instanceof SpecValidationError, String(error));
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  assert.fail('the spec was accepted');
}

test('`search: grid` stays the default and valid; the object form parses with defaults', () => {
  assert.equal(parseSweepSpec(base).search, 'grid');
  assert.equal(parseSweepSpec(`${base}search: grid`).search, 'grid');
  const spec = parseSweepSpec(`${base}search: { method: tpe, trials: 30, ${space}, asha: { minEpochs: 2 } }`);
  assert.deepEqual(spec.search, {
    method: 'tpe',
    trials: 30,
    parallelism: 4,
    seed: 0,
    space: { 'training.learningRate': { float: [0.0001, 0.1], log: true } },
    asha: { minEpochs: 2, reductionFactor: 3 },
  });
});

test('an unknown space path is named, with the searchable ones listed', () => {
  assert.deepEqual(issues(`search: { method: random, trials: 3, space: { training.lr: { float: [0.1, 1] } } }`), [
    'search.space.training.lr: unknown field path "training.lr"; searchable: hidden, paramBudget, layers, training.batchSize, training.optimizer, training.learningRate, training.clipNorm, cellOptions.recurrentActivation, cellOptions.unitForgetBias',
  ]);
});

test('a field given both as a list and in the space, or any other list, is refused with the fix', () => {
  assert.deepEqual(
    issues(
      `training: { learningRate: [0.1, 0.01], batchSize: [16, 32] }\nsearch: { method: tpe, trials: 3, ${space} }`,
    ),
    [
      'training.batchSize: with search.method tpe give one value, or move the list into search.space as training.batchSize: { choice: [...] }',
      'training.learningRate: is given both as a list here and in search.space; keep one (search.space.training.learningRate decides its values)',
    ].sort((a, b) => (a.startsWith('training.batchSize') ? -1 : 1) - (b.startsWith('training.batchSize') ? -1 : 1)),
  );
});

test('domains are checked against the field they draw: bounds, log, whole numbers, conditions', () => {
  const found = issues(
    'search: { method: random, trials: 3, space: { training.learningRate: { float: [0, 0.1], log: true }, training.batchSize: { float: [8, 64] }, training.optimizer: { choice: [adam, lbfgs] }, training.clipNorm: { float: [0.1, 1], when: { hidden: [8] } } } }',
  );
  assert.ok(
    found.includes(
      'search.space.training.learningRate.float[0]: 0 is not a valid training.learningRate: Too small: expected number to be >0',
    ),
    found.join('\n'),
  );
  assert.ok(found.includes('search.space.training.learningRate.log: a log-scaled range must be positive (low is 0)'));
  assert.ok(
    found.includes(
      'search.space.training.batchSize.float: training.batchSize takes whole numbers: write { int: [8, 64] }',
    ),
  );
  assert.ok(
    found.some((issue) =>
      issue.startsWith('search.space.training.optimizer.choice[1]: "lbfgs" is not a valid training.optimizer'),
    ),
  );
  assert.ok(
    found.includes(
      'search.space.training.clipNorm.when: "hidden" must be a { choice: [...] } parameter of search.space',
    ),
  );
});

test('ASHA needs in-trial early stopping off and a first rung within training.epochs', () => {
  assert.deepEqual(
    issues(
      `training: { epochs: 3, earlyStoppingPatience: 2 }\nsearch: { method: random, trials: 3, ${space}, asha: { minEpochs: 4 } }`,
    ),
    [
      "search.asha.minEpochs: must be at most training.epochs (3), ASHA's largest rung",
      "training.earlyStoppingPatience: must be null with search.asha: a rung trial must train exactly its rung's epochs (ASHA does the stopping)",
    ],
  );
});

test('fair mode refuses tuning the size; a search refuses several seeds or tasks; a typo in search names the allowed keys', () => {
  assert.deepEqual(
    issues(`search: { method: random, trials: 3, fair: { finalSeeds: 3 }, space: { hidden: { int: [4, 64] } } }`),
    [
      'search.space.hidden: fair mode compares cells at one size: give hidden/paramBudget/layers in the spec, not in search.space',
    ],
  );
  assert.deepEqual(issues(`seeds: 3\nsearch: { method: random, trials: 3, ${space} }`), [
    'seeds: a search trains every suggestion on one seed (give one, e.g. `seeds: [3]`); for repeats use search.fair.finalSeeds',
  ]);
  assert.deepEqual(issues(`search: { method: random, trials: 3, paralelism: 2, ${space} }`), [
    'search: unknown field "paralelism" (allowed: method, trials, parallelism, seed, space, asha, fair)',
  ]);
  assert.deepEqual(issues('search: bayes'), [
    'search: give "grid", or a mapping { method: random | tpe, trials, space, ... } (see docs/search.md)',
  ]);
});

test('the space may size the trial: hidden or paramBudget there replaces the spec field', () => {
  const spec = parseSweepSpec(
    'name: s\ntask: { dataset: adding }\ncells: lstm\nsearch: { method: random, trials: 3, space: { hidden: { int: [4, 64], log: true } } }',
  );
  assert.equal(spec.hidden, undefined);
});
