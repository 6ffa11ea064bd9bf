import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecSyntaxError, SpecValidationError } from './errors.js';
import { parseSweepSpec } from './parse.js';

function problems(text: string): string {
  try {
    parseSweepSpec(text, 'bad.yaml');
  } catch (error) {
    if (error instanceof SpecValidationError || error instanceof SpecSyntaxError) return error.message;
    throw error;
  }
  assert.fail('the spec was accepted');
}

test('an unknown cell names the field path and what is allowed', () => {
  const message = problems('name: a\ntask: { dataset: adding }\ncells: [rnn, lstn]\nhidden: 8');
  assert.match(
    message,
    /cells\[1\]: "lstn" is not a cell; use one of rnn, irnn, lstm, lstm-nig, .*, transformer or plugin:<name>/,
  );
});

test('every unknown cell of a list is named, not only the first', () => {
  const message = problems('name: a\ntask: { dataset: adding }\ncells: [rnn, lstn, GRU]\nhidden: 8');
  assert.match(message, /2 problems/);
  assert.match(message, /cells\[1\]: "lstn" is not a cell/);
  assert.match(message, /cells\[2\]: "GRU" is not a cell/);
});

test('a misspelt field is named with the allowed fields', () => {
  const message = problems('name: a\ntask: { dataset: adding }\ncells: rnn\nhidden: 8\ntraining: { lr: 0.1 }');
  assert.match(
    message,
    /training: unknown field "lr" \(allowed: epochs, batchSize, optimizer, learningRate, clipNorm, earlyStoppingPatience\)/,
  );
});

test('task options are checked against the chosen dataset', () => {
  const message = problems('name: a\ntask: { dataset: copy, sequenceLength: 9 }\ncells: rnn\nhidden: 8');
  assert.match(
    message,
    /task: unknown field "sequenceLength" \(allowed: dataset, copyLength, delay, alphabetSize, testDelay, testCopyLength, trainSize, validationSize, testSize\)/,
  );
});

test('an unknown dataset lists the datasets', () => {
  assert.match(
    problems('name: a\ntask: { dataset: imagenet }\ncells: rnn\nhidden: 8'),
    /task\.dataset: .*'adding' \| 'copy' \| 'parity' \| 'moby-dick' \| 'spam'/,
  );
});

test('hidden and paramBudget are exclusive and one is required', () => {
  const neither = problems('name: a\ntask: { dataset: adding }\ncells: rnn');
  assert.match(neither, /\(spec\): give exactly one of `hidden`/);
  const both = problems('name: a\ntask: { dataset: adding }\ncells: rnn\nhidden: 4\nparamBudget: 1000');
  assert.match(both, /paramBudget: give exactly one of `hidden`/);
});

test('every problem is reported at once, with its count', () => {
  const message = problems(
    'name: "has space"\ntask: { dataset: adding, sequenceLength: 1 }\ncells: []\nhidden: 0\nseeds: [1, 1]',
  );
  assert.match(message, /invalid sweep spec \(5 problems\)/);
  assert.match(message, /name: use 1-80 letters/);
  assert.match(message, /task\.sequenceLength: Too small: expected number to be >=2/);
  assert.match(message, /cells: give at least one value/);
  assert.match(message, /hidden: Too small: expected number to be >=1/);
  assert.match(message, /seeds: seeds must be distinct/);
});

test('a missing required field says so', () => {
  assert.match(problems('name: a\ncells: rnn\nhidden: 4'), /task: is required/);
});

test('broken YAML is a syntax error that names the file', () => {
  assert.match(problems('name: [unclosed'), /^bad\.yaml: not valid YAML\/JSON/);
  // One line that ends with the position, not with a colon whose code frame was cut off.
  const message = problems('name: t3\ntask: { dataset: adding\ncells: [rnn]\n');
  assert.match(message, /at line 3, column 1$/);
});

test('a document that is not a mapping is refused', () => {
  assert.match(problems('- just\n- a list'), /expected a mapping/);
});

test('each task in a list is checked against its own dataset', () => {
  const message = problems(
    'name: a\ntask: [{ dataset: adding }, { dataset: parity, delay: 3 }]\ncells: rnn\nhidden: 8',
  );
  assert.match(
    message,
    /task\[1\]: unknown field "delay" \(allowed: dataset, sequenceLength, testSequenceLength, labelNoise, trainSize, validationSize, testSize\)/,
  );
});

// Issue 14, defect 19: noise 1e10 trained to "COMPLETED" with test loss 1e20; 1e300 overflowed.
test('mackey-glass noise above 1 is refused with the field and the bound', () => {
  const message = problems('name: a\ntask: { dataset: mackey-glass, noise: 1e10 }\ncells: rnn\nhidden: 8');
  assert.match(message, /task\.noise: at most 1 \(the series itself has std ~0\.22\)/);
  assert.doesNotThrow(() =>
    parseSweepSpec('name: a\ntask: { dataset: mackey-glass, noise: 1 }\ncells: rnn\nhidden: 8', 'ok.yaml'),
  );
});

// Issue 14, defect 24: a sweep named like another sweep's id could not be reached by its name.
test('a sweep name shaped like a sweep id (a UUID) is refused', () => {
  const message = problems(
    'name: 0b5e3f0e-2c1a-4c7e-9f51-1d2b3c4d5e6f\ntask: { dataset: adding }\ncells: rnn\nhidden: 8',
  );
  assert.match(message, /name: looks like a sweep id \(a UUID\); choose a name that does not/);
});
