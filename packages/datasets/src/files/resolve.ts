/**
 * Reading data files at the two moments that need them: once when a sweep is planned (`resolveDataFiles`: fills
 * each file task's sha256 and summary, and reports what the file holds), and when a trial trains
 * (`loadFileDataset`: reads the file again, in the trainer's process, and refuses bytes that changed since).
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import {
  canonicalJson,
  csvLayout,
  DEFAULT_MAX_DATA_FILE_BYTES,
  formatFromPath,
  taskIdentity,
  type FileTask,
  type SweepSpec,
} from '@cellsweep/core';
import { DataFileError } from '../errors.js';
import type { Dataset } from '../types.js';
import { buildFileDataset, describeFileTask, readDataFile, type DataFileReport } from './file-dataset.js';
import { sha256File } from './hashed-stream.js';
import { parsedCacheKey, readParsed, writeParsed, type ParsedEntry } from './parsed-cache.js';

export interface FileLoadOptions {
  /**
   * A folder for parsed data files (see parsed-cache.ts), shared by every process and thread of a machine: a file
   * is parsed once there and read back by the rest. Without it every process parses the file itself.
   */
  parsedCacheDir?: string;
}

export interface ResolvedSpec {
  spec: SweepSpec;
  /** One per file task, in task order. */
  dataFiles: DataFileReport[];
}

/**
 * Reads every `dataset: file` task of a spec: paths become absolute (from `baseDir`, the spec file's folder),
 * format and layout are spelt out (so written and defaulted options hash alike), and `sha256` and `summary` are
 * filled. A spec without file tasks comes back unchanged. Throws DataFileError for any problem in a file.
 */
export async function resolveDataFiles(
  spec: SweepSpec,
  baseDir: string,
  options: FileLoadOptions = {},
): Promise<ResolvedSpec> {
  if (!spec.task.some((task) => task.dataset === 'file')) return { spec, dataFiles: [] };
  const dataFiles: DataFileReport[] = [];
  const task = [];
  for (const entry of spec.task) {
    if (entry.dataset !== 'file') {
      task.push(entry);
      continue;
    }
    const maxBytes = spec.limits.maxDataFileBytes ?? DEFAULT_MAX_DATA_FILE_BYTES;
    const resolved = await resolveFileTask(entry, baseDir, maxBytes, options);
    task.push(resolved.task);
    dataFiles.push(resolved.report);
  }
  return { spec: { ...spec, task }, dataFiles };
}

async function resolveFileTask(
  written: FileTask,
  baseDir: string,
  maxBytes: number,
  options: FileLoadOptions,
): Promise<{ task: FileTask; report: DataFileReport }> {
  const path = isAbsolute(written.path) ? written.path : resolvePath(baseDir, written.path);
  // Checked before a byte is read: a mistaken path to a disk image should fail at once, not after minutes.
  const size = (await stat(path).catch(() => null))?.size ?? 0;
  if (size > maxBytes) {
    const count = (n: number) => n.toLocaleString('en-US');
    throw new DataFileError(
      path,
      '',
      `is ${count(size)} bytes, above the limit of ${count(maxBytes)}`,
      'raise limits.maxDataFileBytes in the spec if you mean it, or use a smaller file',
    );
  }
  const format = written.format ?? formatFromPath(path) ?? undefined;
  const task: FileTask = { ...written, path, ...(format ? { format } : {}) };
  if (format === 'csv') task.layout = csvLayout(written);
  // What the user wrote is read; what an earlier resolution filled in is recomputed.
  delete task.summary;
  const { dataset, report } = await parseOrReuse(path, task, options, null);
  const resolved = dataset.task as FileTask;
  if (written.sha256 !== undefined && written.sha256 !== resolved.sha256)
    throw changed(path, written.sha256, resolved.sha256 ?? '');
  await remember(resolved, dataset);
  return { task: resolved, report };
}

// The last few datasets this process built, by identity (sha256 + options) and the file's size and modification
// time: a worker thread trains many trials of one task, and each would otherwise parse the file again, while a file
// rewritten since is read (and refused) again.
const CACHE_SIZE = 2;
const cache = new Map<string, Promise<Dataset>>();

async function cacheKey(task: FileTask): Promise<string> {
  const stats = await stat(task.path).catch(() => null);
  return `${task.path}\u0000${stats?.size}\u0000${stats?.mtimeMs}\u0000${canonicalJson(taskIdentity(task))}`;
}

async function remember(task: FileTask, dataset: Dataset): Promise<void> {
  cache.set(await cacheKey(task), Promise.resolve(dataset));
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}

/**
 * The dataset of a resolved file task. Reads the file (or reuses this process's last read of the same identity)
 * and throws DataFileError when its bytes are no longer the ones the sweep was planned with.
 */
export async function loadFileDataset(task: FileTask, options: FileLoadOptions = {}): Promise<Dataset> {
  const key = await cacheKey(task);
  let loading = cache.get(key);
  if (!loading) {
    loading = (async () => (await parseOrReuse(task.path, task, options, task.sha256 ?? '')).dataset)();
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return loading;
}

/**
 * Parses the file, or reads back its parsed form from `options.parsedCacheDir` (keyed by the bytes' SHA-256 and the
 * parse options: ~0.1-0.6 s to hash 100 MB, against ~8 s to parse it). `expected`: the SHA-256 the sweep was planned
 * with (null when planning); other bytes throw. A trial looks the entry up by `expected` and hashes the file only to
 * confirm a hit: on a miss the parse hashes the bytes it reads, so the file is not read twice.
 */
async function parseOrReuse(
  path: string,
  task: FileTask,
  options: FileLoadOptions,
  expected: string | null,
): Promise<{ dataset: Dataset; report: DataFileReport }> {
  const dir = options.parsedCacheDir;
  if (dir !== undefined) {
    const entry = await readParsed(dir, parsedCacheKey(task, expected ?? (await sha256File(path))));
    if (entry !== null) {
      if (expected !== null) {
        const sha256 = await sha256File(path);
        if (sha256 !== expected) throw changed(path, expected, sha256);
      }
      return fromEntry(path, task, entry);
    }
  }
  const { built, sha256 } = await parseFile(path, task, expected);
  if (dir !== undefined) {
    const { train, validation, test } = built.dataset;
    const { path: _path, ...report } = built.report;
    const entry: ParsedEntry = { summary: built.report.summary, report, splits: { train, validation, test } };
    // The key of the bytes just parsed: the file may have changed between the hash above and this read.
    await writeParsed(dir, parsedCacheKey(task, sha256), entry).catch(() => {
      // A folder that cannot be written (full, read-only) costs speed only: the next load parses again.
    });
  }
  return built;
}

/**
 * Reads and builds the file. Its raw sequences (as large as the dataset itself) live only in this call, so they can
 * be collected while the caller writes the parsed entry: part of keeping a load under 3× the file's size.
 */
async function parseFile(
  path: string,
  task: FileTask,
  expected: string | null,
): Promise<{ built: { dataset: Dataset; report: DataFileReport }; sha256: string }> {
  const raw = await readDataFile(path, task).catch(async (error: unknown) => {
    if (expected === null) throw error;
    // A file edited after planning may not even parse any more: say that it changed, not what broke.
    const sha256 = await sha256File(path).catch(() => expected);
    throw sha256 !== expected ? changed(path, expected, sha256) : error;
  });
  if (expected !== null && raw.sha256 !== expected) throw changed(path, expected, raw.sha256);
  return { built: buildFileDataset(path, task, raw), sha256: raw.sha256 };
}

/** The dataset and report a parse of `path` would give, from a parsed entry (views into its one buffer). */
function fromEntry(path: string, task: FileTask, entry: ParsedEntry): { dataset: Dataset; report: DataFileReport } {
  const resolved: FileTask = { ...task, sha256: entry.report.sha256, summary: entry.summary };
  const dataset: Dataset = { ...describeFileTask(resolved), task: resolved, ...entry.splits };
  return { dataset, report: { path, ...entry.report } };
}

function changed(path: string, expected: string, actual: string): DataFileError {
  return new DataFileError(
    path,
    '',
    `its bytes changed (sha256 ${actual.slice(0, 12)}…, the sweep expects ${expected.slice(0, 12)}…)`,
    'restore the file, or plan a new sweep from it (changed data makes new trials)',
  );
}
