import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecValidationError } from './errors.js';
import { expandSweep } from './expand.js';
import { parseSweepSpec } from './parse.js';

const PARITY = 'name: noisy\ntask: { dataset: parity, sequenceLength: 8 }\ncells: [rnn]\nhidden: 8';

const withNoise = (fraction: string): string =>
  PARITY.replace('sequenceLength: 8', `sequenceLength: 8, labelNoise: ${fraction}`);

function problems(text: string): string {
  try {
    parseSweepSpec(text, 'bad.yaml');
  } catch (error) {
    if (error instanceof SpecValidationError) return error.message;
    throw error;
  }
  assert.fail('the spec was accepted');
}

test('labelNoise is part of the task, so noisy and clean trials have different content keys', () => {
  const clean = expandSweep(parseSweepSpec(PARITY))[0];
  const noisy = expandSweep(parseSweepSpec(withNoise('0.2')))[0];
  assert.equal(noisy?.config.task.dataset === 'parity' && noisy.config.task.labelNoise, 0.2);
  assert.ok(clean && !('labelNoise' in clean.config.task), 'absent unless written: old specs hash as before');
  assert.notEqual(noisy?.configKey, clean?.configKey);
  // 0 is allowed (a clean baseline written explicitly) and is its own task.
  const zero = expandSweep(parseSweepSpec(withNoise('0')))[0];
  assert.notEqual(zero?.configKey, noisy?.configKey);
});

test('a fraction outside [0, 1) names task.labelNoise and the range', () => {
  assert.match(problems(withNoise('1')), /task\.labelNoise: below 1/);
  assert.match(problems(withNoise('-0.1')), /task\.labelNoise: at least 0/);
});

test('a task without one class label per sequence refuses labelNoise and says which tasks take it', () => {
  const adding = problems('name: a\ntask: { dataset: adding, labelNoise: 0.1 }\ncells: rnn\nhidden: 8');
  assert.match(adding, /task\.labelNoise: replaces class labels, so it needs one label per sequence \(parity, spam/);
  assert.match(adding, /adding has none/);
  const fileTask = '{ dataset: file, path: d.csv, kind: regression, labelNoise: 0.1 }';
  const fileSpec = `name: a\ntask: ${fileTask}\ncells: rnn\nhidden: 8`;
  const file = problems(fileSpec);
  assert.match(file, /task\.labelNoise: replaces class labels of kind: classification .*not kind: regression/);
});
