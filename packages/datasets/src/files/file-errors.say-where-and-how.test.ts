import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataFileError } from '../errors.js';
import { buildFileDataset, readDataFile } from './file-dataset.js';
import { fileTask, tempDir, writeData } from './test-files.js';

async function failure(
  name: string,
  text: string | null,
  options: Record<string, unknown> = {},
): Promise<DataFileError> {
  const dir = tempDir();
  const path = text === null ? join(dir, name) : writeData(dir, name, text);
  const task = fileTask({ path, ...options });
  try {
    buildFileDataset(path, task, await readDataFile(path, task));
  } catch (error) {
    assert.ok(error instanceof DataFileError, String(error));
    assert.ok(error.message.startsWith(path), error.message);
    return error;
  }
  throw new Error(`${name} was accepted`);
}

const rows = (lines: string[]): string => `${lines.join('\n')}\n`;

test('a value that is not a finite number: line and column', async () => {
  const error = await failure('d.csv', rows(['a,b,y', '1,2,x', '3,NaN,y', '4,5,x']));
  assert.equal(error.where, 'line 3, column "b"');
  assert.match(error.message, /"NaN" is not a finite number; write a number there/);
  // An empty cell before a written one (a trailing empty step only ends a shorter sequence).
  assert.equal((await failure('d.csv', rows(['a,b,y', ',2,x']))).problem, 'is empty');
  assert.match((await failure('d.csv', rows(['a,b,y', '1,Infinity,x']))).message, /line 2, column "b": "Infinity"/);
});

test('a ragged row, a missing column, a broken quote', async () => {
  assert.match(
    (await failure('d.csv', rows(['a,b,y', '1,2,x', '1,x']))).message,
    /line 3: has 2 fields, the header has 3/,
  );
  const missing = await failure('d.csv', rows(['a,b,label', '1,2,x']));
  assert.match(missing.message, /has no column "y" \(task\.target\); name one of the columns: "a", "b", "label"/);
  assert.match((await failure('d.csv', rows(['a,b,y', '1,"2"x,x']))).message, /line 2: not valid CSV/);
});

test('one class, an unreadable path, an empty split', async () => {
  assert.match(
    (await failure('d.csv', rows(['a,y', '1,x', '2,x', '3,x']))).message,
    /target "y": has one class \("x"\); classification needs at least two/,
  );
  assert.match((await failure('nowhere.csv', null)).message, /cannot read the file \(ENOENT\); check task\.path/);
  const split = await failure('d.csv', rows(['a,y,s', '1,x,train', '2,z,train', '3,x,test']), { splitColumn: 's' });
  assert.match(split.message, /the validation split is empty; mark some sequences "validation" in column "s"/);
  assert.match(
    (await failure('d.csv', rows(['a,y,s', '1,x,dev']), { splitColumn: 's' })).message,
    /line 2, column "s": "dev" is not a split; write train, validation or test/,
  );
});

test('a sequence without steps, ragged JSON Lines features, broken JSON', async () => {
  const empty = await failure('d.jsonl', rows(['{"x":[1,2,3],"y":"a"}', '{"x":[],"y":"b"}']));
  assert.match(empty.message, /line 2, field "x": is not a non-empty list of steps; write x as a list of steps/);
  const ragged = await failure('d.jsonl', rows(['{"x":[[1,2],[3]],"y":"a"}']));
  assert.match(ragged.message, /line 1, field "x", step 1: has 1 features, step 0 has 2/);
  assert.match(
    (await failure('d.jsonl', rows(['{"x":[[1]],"y":"a"}', '{"x":[[1]],"y":']))).message,
    /line 2: not valid JSON/,
  );
  assert.match(
    (await failure('d.jsonl', rows(['{"x":[[1]],"y":"a"}', '{"x":[[null]],"y":"b"}']))).message,
    /line 2, field "x", step 0, feature 0: null is not a finite number/,
  );
  assert.match(
    (await failure('d.jsonl', rows(['{"x":[[1]]}']), { kind: 'regression' })).message,
    /line 1, field "y": is missing/,
  );
});

test('long layout: a target that changes within a sequence, a repeated step', async () => {
  const header = 'sequence,step,v,y';
  assert.match(
    (await failure('d.csv', rows([header, 's,0,1,a', 's,1,2,b']), { layout: 'long' })).message,
    /line 3, column "y": sequence "s" has target b here but a on line 2/,
  );
  assert.match(
    (await failure('d.csv', rows([header, 's,0,1,a', 's,0,2,a']), { layout: 'long' })).message,
    /line 3, column "step": sequence "s" has step 0 twice/,
  );
});

test('line numbers count empty lines, CRLF endings and quoted values that span lines', async () => {
  const text = ['a,b,y', '1,2,x', '', '3,4,"two', 'lines"', '5,oops,x'].join('\r\n');
  assert.equal((await failure('d.csv', `${text}\r\n`)).where, 'line 6, column "b"');
});
