/** Reads a sweep spec file and plans its trials; every spec error surfaces here, before anything runs. */
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CellsweepError, fieldMessage, parseSweepSpec, specContentHash, type SweepSpec } from '@cellsweep/core';
import { checkTaskData, resolveDataFiles, type DataFileReport, type FileLoadOptions } from '@cellsweep/datasets';
import { nextPlans } from '@cellsweep/search-driver';
import { assertCellsAvailable, isPluginCell, loadCellPlugins, planTrials, type PlannedTrial } from '@cellsweep/planner';

export interface LoadedSpec {
  spec: SweepSpec;
  specHash: string;
  /** Grid: every trial. Adaptive search: the trials it starts with (more follow as results come in). */
  trials: PlannedTrial[];
  /** What each `dataset: file` task's file holds (empty without one). */
  dataFiles: DataFileReport[];
}

/**
 * The largest spec file read. The biggest committed example is ~2 KB; a grid spec's lists stay far below 1 MiB.
 * Without a limit `plan /dev/zero` died of std::bad_alloc and a 300 MB file ran out of memory after 45 s
 * (issue 14, defect 14).
 */
export const MAX_SPEC_BYTES = 1024 * 1024;

export class SpecFileError extends CellsweepError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read spec file ${path}: ${reason}`);
  }
}

/** The spec file's text; a directory, device, FIFO or socket, or a file above MAX_SPEC_BYTES, is refused unread. */
export function readSpecText(path: string): string {
  const failed = (error: unknown): SpecFileError => new SpecFileError(path, unreadableReason(path, error));
  let stats: Stats;
  try {
    stats = statSync(path); // stat, not open: opening a FIFO would wait for a writer
  } catch (error) {
    throw failed(error);
  }
  if (!stats.isFile())
    throw new SpecFileError(path, `not a regular file (${fileKind(stats)}); give a YAML or JSON file`);
  if (stats.size > MAX_SPEC_BYTES) {
    throw new SpecFileError(
      path,
      `${stats.size.toLocaleString('en-US')} bytes is above the ${MAX_SPEC_BYTES.toLocaleString('en-US')}-byte limit for a spec`,
    );
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw failed(error);
  }
  try {
    // Read at most one byte past the limit, in case the file grew (or was swapped) since the stat.
    const buffer = Buffer.alloc(MAX_SPEC_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > MAX_SPEC_BYTES)
      throw new SpecFileError(path, `above the ${MAX_SPEC_BYTES.toLocaleString('en-US')}-byte limit for a spec`);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    throw error instanceof SpecFileError ? error : failed(error);
  } finally {
    closeSync(fd);
  }
}

/** Words for the usual reasons; a bare "ENOENT" sent new users looking up errno codes. */
function unreadableReason(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `no such file (looked for ${resolve(path)}); check the path`;
    case 'ENOTDIR':
      return `a folder on the path is a file (looked for ${resolve(path)}); check the path`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; make the file readable';
    default:
      return code ?? String(error);
  }
}

/** The spec parsed, but something it names cannot be had here: a plugin cell not loaded, data that cannot be made. */
class SpecUnusableError extends CellsweepError {
  constructor(
    readonly where: string,
    readonly problem: string,
    cause: unknown,
  ) {
    super(fieldMessage(where, problem), { cause });
  }
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * Parses the spec, reads its data files (relative paths from the spec file's folder; each file's SHA-256 becomes
 * part of its trials' identity), checks that every task's data can be made, and plans the trials.
 */
export async function loadSpecFile(
  path: string,
  cellPlugins: readonly string[] = [],
  files: FileLoadOptions = {},
): Promise<LoadedSpec> {
  const text = readSpecText(path);
  const parsed = parseSweepSpec(text, path);
  await checkPluginCells(path, parsed.cells, cellPlugins);
  const { spec, dataFiles } = await resolveDataFiles(parsed, dirname(path), files);
  // Data that cannot be made fails here, once, instead of in every trial at `run` (issue 14, defect 19).
  for (const [index, task] of spec.task.entries()) {
    try {
      checkTaskData(task);
    } catch (error) {
      const where = spec.task.length > 1 ? `${path} (task ${index + 1} of ${spec.task.length})` : path;
      throw new SpecUnusableError(where, `the data cannot be made: ${(error as Error).message}`, error);
    }
  }
  const trials = spec.search === 'grid' ? planTrials(spec) : nextPlans(spec, []);
  return { spec, specHash: specContentHash(spec), trials, dataFiles };
}

/**
 * Loads the operator's plugin modules (CELLSWEEP_PLUGINS) and refuses a spec naming a plugin cell none of them
 * provides, before any data is read: the same check a worker makes, so `plan` and `run` fail where the fix is.
 */
async function checkPluginCells(path: string, cells: readonly string[], cellPlugins: readonly string[]): Promise<void> {
  if (!cells.some(isPluginCell)) return;
  await loadCellPlugins(cellPlugins);
  try {
    assertCellsAvailable(cells);
  } catch (error) {
    throw new SpecUnusableError(`${path}: cells`, (error as Error).message, error);
  }
}

/** The short label a trial is shown with in progress lines. */
export function trialLabel(trial: { cell: string; hidden: number; layers: number; seed: number }): string {
  const stack = trial.layers > 1 ? `${trial.layers}x${trial.hidden}` : `h=${trial.hidden}`;
  return `${trial.cell} ${stack} seed=${trial.seed}`;
}
