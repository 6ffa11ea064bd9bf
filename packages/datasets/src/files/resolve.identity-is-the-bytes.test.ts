import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  expandSweep,
  specContentHash,
  UnresolvedDataFileError,
  validateSweepSpec,
  type FileTask,
} from '@cellsweep/core';
import { DataFileError } from '../errors.js';
import { loadFileDataset, resolveDataFiles } from './resolve.js';
import { jsonLines, makeSequences, specWith, tempDir, writeData } from './test-files.js';

const text = jsonLines(makeSequences(30, 4, 2));

async function keys(dir: string, task: Record<string, unknown>) {
  const { spec, dataFiles } = await resolveDataFiles(validateSweepSpec(specWith(task)), dir);
  return { keys: expandSweep(spec).map((plan) => plan.configKey), specHash: specContentHash(spec), spec, dataFiles };
}

test('the same bytes under another path and name make the same trials; the sha256 is of the bytes', async () => {
  const one = tempDir();
  const two = tempDir();
  writeData(one, 'a.jsonl', text);
  writeData(two, 'renamed.jsonl', text);
  const a = await keys(one, { path: 'a.jsonl' });
  const b = await keys(two, { path: 'renamed.jsonl' });
  assert.deepEqual(a.keys, b.keys);
  assert.equal(a.specHash, b.specHash);
  const task = a.spec.task[0] as FileTask;
  assert.equal(task.sha256, createHash('sha256').update(text).digest('hex'));
  assert.equal(task.path, join(one, 'a.jsonl'));
  assert.equal(a.dataFiles[0]?.summary.sequences, 30);
});

test('editing one byte of the file, or a parse option, makes new trials', async () => {
  const dir = tempDir();
  const path = writeData(dir, 'a.jsonl', text);
  const before = await keys(dir, { path: 'a.jsonl' });
  const options = await keys(dir, { path: 'a.jsonl', testFraction: 0.2 });
  writeFileSync(path, text.replace('"x":[[', '"x":[[1'));
  const after = await keys(dir, { path: 'a.jsonl' });
  for (const other of [options, after]) {
    assert.equal(other.keys.length, before.keys.length);
    assert.ok(other.keys.every((key) => !before.keys.includes(key)));
  }
  // A written format hashes like the inferred one: resolution spells it out.
  assert.deepEqual((await keys(dir, { path: 'a.jsonl', format: 'jsonl' })).keys, after.keys);
});

test('a file task cannot be keyed before its file is read', () => {
  assert.throws(() => expandSweep(validateSweepSpec(specWith({ path: 'a.jsonl' }))), UnresolvedDataFileError);
});

test('a pinned sha256 that the file does not match fails, naming both', async () => {
  const dir = tempDir();
  writeData(dir, 'a.jsonl', text);
  await assert.rejects(
    keys(dir, { path: 'a.jsonl', sha256: '0'.repeat(64) }),
    (error: Error) =>
      error instanceof DataFileError &&
      /its bytes changed \(sha256 [0-9a-f]{12}…, the sweep expects 000000000000…\)/.test(error.message),
  );
});

test('a trial refuses a data file whose bytes changed after planning', async () => {
  const dir = tempDir();
  const path = writeData(dir, 'a.jsonl', text);
  const { spec } = await keys(dir, { path: 'a.jsonl' });
  const task = spec.task[0] as FileTask;
  assert.ok((await loadFileDataset(task)).train.count > 0);
  writeFileSync(path, `${readFileSync(path, 'utf8')}{"x":[[1],[2],[3],[4]],"y":"a"}\n`);
  await assert.rejects(loadFileDataset(task), /its bytes changed/);
});

test('a file above limits.maxDataFileBytes is refused before it is read; without the option nothing changes', async () => {
  const dir = tempDir();
  writeData(dir, 'a.jsonl', text);
  const spec = validateSweepSpec({ ...specWith({ path: 'a.jsonl' }), limits: { maxDataFileBytes: 100 } });
  await assert.rejects(
    resolveDataFiles(spec, dir),
    new RegExp(
      `is ${Buffer.byteLength(text).toLocaleString('en-US')} bytes, above the limit of 100; raise limits\\.maxDataFileBytes`,
    ),
  );
  // Specs that do not set it keep their pre-existing spec hash: the option is absent, not defaulted.
  assert.equal('maxDataFileBytes' in validateSweepSpec(specWith({ path: 'a.jsonl' })).limits, false);
});
