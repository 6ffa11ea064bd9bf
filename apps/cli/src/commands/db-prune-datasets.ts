/**
 * `cellsweep db prune-datasets`: frees the store of data files (dataset blobs) nothing needs any more. By default it
 * only lists every blob with its size, what references it and whether it would go; `--apply` removes them. A blob a
 * PENDING or RUNNING trial or sweep references is never removed; one that only finished sweeps reference goes only
 * with `--include-finished` (resuming or extending those sweeps then needs `submit` to store the file again). See
 * packages/store dataset-blob-prune.ts for the rules and why the DELETE checks them again.
 */
import { DEFAULT_PRUNE_MIN_AGE_MS, isRemovable, type DatasetBlobUsage } from '@cellsweep/store';
import type { CliEnv } from '../env.js';
import { openCliStore } from '../store-access.js';

export interface PruneDatasetsOptions {
  apply: boolean;
  includeFinished: boolean;
  /** Leave blobs stored less than this many hours ago (default DEFAULT_PRUNE_MIN_AGE_MS). */
  minAgeHours?: number;
}

export async function dbPruneDatasetsCommand(env: CliEnv, options: PruneDatasetsOptions): Promise<number> {
  const { store, close } = await openCliStore(env);
  try {
    const pruneOptions = {
      includeFinished: options.includeFinished,
      minAgeMs: options.minAgeHours === undefined ? DEFAULT_PRUNE_MIN_AGE_MS : options.minAgeHours * 3_600_000,
    };
    const usage = await store.listDatasetBlobUsage();
    const out = process.stdout;
    if (usage.length === 0) {
      out.write(`${store.describe()}: no data files stored\n`);
      return 0;
    }
    const removable = usage.filter((row) => isRemovable(row, pruneOptions));
    for (const row of usage) out.write(`${describeRow(row, removable.includes(row), options)}\n`);
    const total = (rows: readonly { sizeBytes: number }[]) => megabytes(rows.reduce((sum, r) => sum + r.sizeBytes, 0));
    if (!options.apply) {
      out.write(
        `${removable.length} of ${usage.length} data file(s), ${total(removable)}, would be removed; ` +
          `run again with --apply to remove them\n`,
      );
      return 0;
    }
    const removed = await store.removeDatasetBlobs(
      removable.map((row) => row.sha256),
      pruneOptions,
    );
    const kept = removable.length - removed.length;
    out.write(
      `removed ${removed.length} data file(s), ${total(removed)}` +
        (kept > 0 ? `; ${kept} kept: a trial or sweep started using them meanwhile` : '') +
        '\n',
    );
    return 0;
  } finally {
    await close();
  }
}

function describeRow(row: DatasetBlobUsage, removable: boolean, options: PruneDatasetsOptions): string {
  const verdict = removable ? (options.apply ? 'remove' : 'would remove') : 'keep';
  const why = reason(row, removable, options);
  return `${verdict.padEnd(12)} ${row.sha256.slice(0, 12)}…  ${megabytes(row.sizeBytes).padStart(10)}  ${why}`;
}

function reason(row: DatasetBlobUsage, removable: boolean, options: PruneDatasetsOptions): string {
  const sweeps = row.sweeps.length > 0 ? ` (sweeps: ${row.sweeps.join(', ')})` : '';
  switch (row.state) {
    case 'needed':
      return `needed: ${row.openTrials} open trial(s) or a running sweep${sweeps}`;
    case 'finished':
      return removable || options.includeFinished
        ? `only finished trials use it${sweeps}${removable ? '' : ', stored recently'}`
        : `used by finished trials${sweeps}; --include-finished removes it`;
    case 'unreferenced':
      return removable ? 'no sweep or trial uses it' : 'no sweep or trial uses it yet (stored recently)';
    case 'incomplete':
      return removable ? 'an upload that never finished' : 'an upload in progress (started recently)';
  }
}

function megabytes(bytes: number): string {
  return bytes < 1e6 ? `${bytes.toLocaleString('en-US')} B` : `${(bytes / 1e6).toFixed(1)} MB`;
}
