import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateSweepSpec, type FileTask } from '@cellsweep/core';
import { DataFileError } from '../errors.js';
import type { Dataset } from '../types.js';
import { loadFileDataset, resolveDataFiles } from './resolve.js';
import { jsonLines, longCsv, makeRaggedSequences, specWith, tempDir, writeData } from './test-files.js';

/** Plans `name` in `dir` with the parsed cache in `cache`; returns the resolved task and the planned dataset. */
async function plan(dir: string, name: string, cache: string, task: Record<string, unknown> = {}) {
  const spec = validateSweepSpec(specWith({ path: name, ...task }));
  const resolved = await resolveDataFiles(spec, dir, { parsedCacheDir: cache });
  return { task: resolved.spec.task[0] as FileTask, report: resolved.dataFiles[0] };
}

/** A copy of the file under a new name: a path this process has not loaded yet (so not in its memory cache). */
function copyOf(task: FileTask, dir: string): FileTask {
  const path = join(dir, `copy-${Math.random().toString(36).slice(2)}-${task.path.split('/').at(-1)}`);
  copyFileSync(task.path, path);
  return { ...task, path };
}

/** Every split's typed arrays are views of one buffer: what a read of the parsed file gives, never a parse. */
function fromOneBuffer(dataset: Dataset): boolean {
  const buffers = new Set(
    [dataset.train, dataset.validation, dataset.test].flatMap((split) =>
      [split.x, split.y, split.lengths, split.mask].filter((array) => array !== undefined).map((array) => array.buffer),
    ),
  );
  return buffers.size === 1;
}

function parsedFiles(cache: string): string[] {
  return readdirSync(cache).filter((name) => name.endsWith('.parsed'));
}

const kinds = [
  { name: 'ragged long CSV, classification', file: 'a.csv', task: { layout: 'long' } },
  { name: 'ragged JSON Lines, per-step labels', file: 'b.jsonl', task: { kind: 'labelling' } },
  { name: 'plain text, next-char', file: 'c.txt', task: { kind: 'next-char', sequenceLength: 8 } },
];

function writeKind(dir: string, file: string): void {
  const data = makeRaggedSequences(40, 2, 9, 3, 5);
  if (file.endsWith('.csv')) writeData(dir, file, longCsv(data));
  else if (file.endsWith('.jsonl')) {
    const lines = data.x.map((x) => JSON.stringify({ x, y: x.map((step) => ((step[0] ?? 0) > 5 ? 'hi' : 'lo')) }));
    writeFileSync(join(dir, file), `${lines.join('\n')}\n`);
  } else writeData(dir, file, 'It was the best of times, it was the worst of times; ünïcode 🙂 too. '.repeat(12));
}

for (const kind of kinds) {
  test(`${kind.name}: another process's load reads the parsed file back, equal to a fresh parse`, async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    writeKind(dir, kind.file);
    const planned = await plan(dir, kind.file, cache, kind.task);
    assert.equal(parsedFiles(cache).length, 1, 'planning wrote one parsed file');
    const copy = copyOf(planned.task, dir);
    const cached = await loadFileDataset(copy, { parsedCacheDir: cache });
    assert.ok(fromOneBuffer(cached), 'read back from the parsed file');
    const parsed = await loadFileDataset(copyOf(planned.task, dir));
    assert.ok(!fromOneBuffer(parsed), 'parsed afresh (no cache folder)');
    assert.deepStrictEqual(cached, {
      ...parsed,
      task: { ...parsed.task, path: copy.path },
      description: cached.description,
    });
    assert.equal(cached.description, parsed.description.replace((parsed.task as FileTask).path, copy.path));
    // Planning again from the cache reports what the first planning did.
    const twin = kind.file.replace('.', '-twin.');
    copyFileSync(planned.task.path, join(dir, twin));
    const again = await plan(dir, twin, cache, kind.task);
    assert.deepEqual({ ...again.report, path: '' }, { ...planned.report, path: '' });
    assert.equal(parsedFiles(cache).length, 1, 'the same bytes and options share one parsed file');
  });
}

test('other parse options make another parsed file; labelNoise (applied per trial) does not', async () => {
  const dir = tempDir();
  const cache = join(dir, 'cache');
  writeData(dir, 'a.jsonl', jsonLines(makeRaggedSequences(30, 2, 6, 2)));
  await plan(dir, 'a.jsonl', cache);
  await plan(dir, 'a.jsonl', cache, { labelNoise: 0.2 });
  assert.equal(parsedFiles(cache).length, 1);
  await plan(dir, 'a.jsonl', cache, { testFraction: 0.3 });
  await plan(dir, 'a.jsonl', cache, { standardize: false });
  assert.equal(parsedFiles(cache).length, 3);
});

const damages: [string, (path: string) => void][] = [
  ['cut short', (path) => truncateSync(path, statSync(path).size - 5)],
  ['one array byte flipped', (path) => flip(path, statSync(path).size - 3)],
  ['one header byte flipped', (path) => flip(path, 60)],
  ['emptied', (path) => truncateSync(path, 0)],
];

function flip(path: string, offset: number): void {
  const bytes = readFileSync(path);
  bytes[offset] = (bytes[offset] as number) ^ 0x55;
  writeFileSync(path, bytes);
}

for (const [what, damage] of damages) {
  test(`a parsed file ${what} is not used: the load parses again and rewrites it`, async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    writeData(dir, 'a.csv', longCsv(makeRaggedSequences(30, 2, 7, 2)));
    const { task } = await plan(dir, 'a.csv', cache, { layout: 'long' });
    const [name] = parsedFiles(cache);
    const path = join(cache, name as string);
    const good = readFileSync(path);
    damage(path);
    const reference = await loadFileDataset(copyOf(task, dir));
    const copy = copyOf(task, dir);
    const loaded = await loadFileDataset(copy, { parsedCacheDir: cache });
    assert.ok(!fromOneBuffer(loaded), 'parsed, not read from the damaged file');
    assert.deepStrictEqual(loaded.train, reference.train);
    assert.deepStrictEqual(loaded.test, reference.test);
    assert.deepEqual(readFileSync(path), good, 'rewritten as it was');
    assert.ok(fromOneBuffer(await loadFileDataset(copyOf(task, dir), { parsedCacheDir: cache })));
  });
}

test('a data file edited after planning is refused even though its old parse is cached', async () => {
  const dir = tempDir();
  const cache = join(dir, 'cache');
  writeData(dir, 'a.csv', longCsv(makeRaggedSequences(30, 2, 7, 2)));
  const { task } = await plan(dir, 'a.csv', cache, { layout: 'long' });
  const copy = copyOf(task, dir);
  writeFileSync(copy.path, readFileSync(copy.path, 'utf8').replace(/\n$/, '\ns0,9,1,1,c\n'));
  await assert.rejects(loadFileDataset(copy, { parsedCacheDir: cache }), (error: unknown) => {
    assert.ok(error instanceof DataFileError);
    assert.match(error.message, /its bytes changed/);
    return true;
  });
});

test('a cache folder that cannot be written costs only the parse', async () => {
  const dir = tempDir();
  writeData(dir, 'a.jsonl', jsonLines(makeRaggedSequences(20, 2, 5, 2)));
  const blocked = writeData(dir, 'not-a-folder', 'x');
  const { task } = await plan(dir, 'a.jsonl', blocked);
  const loaded = await loadFileDataset(copyOf(task, dir), { parsedCacheDir: blocked });
  assert.equal(loaded.train.count + loaded.validation.count + loaded.test.count, 20);
});
