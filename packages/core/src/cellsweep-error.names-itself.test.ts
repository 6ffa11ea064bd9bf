import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CellsweepError, fieldMessage } from './cellsweep-error.js';
import { SpecLimitError } from './errors.js';

class PackageError extends CellsweepError {}
class SomethingMissingError extends PackageError {
  constructor(readonly thing: string) {
    super(fieldMessage(thing, 'is missing', 'add it'));
  }
}

test('an error is named after its own class, through any depth of base classes', () => {
  const error = new SomethingMissingError('task.path');
  assert.equal(error.name, 'SomethingMissingError');
  assert.ok(error instanceof PackageError && error instanceof Error);
  assert.match(String(error), /^SomethingMissingError: task\.path: is missing; add it$/);
  assert.equal(new PackageError('x').name, 'PackageError');
  assert.equal(new SpecLimitError('seeds', 2_000, 1_000, 'limits.maxSeeds').name, 'SpecLimitError');
});

test('fieldMessage reads <field>: <problem>; <fix>, without the fix when there is none', () => {
  assert.equal(fieldMessage('a.b', 'is 3', 'use 4'), 'a.b: is 3; use 4');
  assert.equal(fieldMessage('a.b', 'is 3'), 'a.b: is 3');
});

test('a cause passes through', () => {
  const cause = new Error('disk full');
  assert.equal(new CellsweepError('cannot write', { cause }).cause, cause);
});
