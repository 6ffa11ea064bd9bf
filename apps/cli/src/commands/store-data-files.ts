/**
 * `submit`'s first write: every data file of the spec goes into the store, by SHA-256, before the sweep is recorded,
 * so workers read it from there (no shared folder, no submitter's path). A file the store holds already is not sent
 * again; an upload cut off half-way is invisible to workers and completed by the next submit.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SweepSpec } from '@cellsweep/core';
import type { DatasetRepository } from '@cellsweep/store';

/** The setting that raises the store's limit, named in the refusal. */
export const MAX_DATASET_BYTES_SETTING = 'CELLSWEEP_MAX_DATASET_BYTES';

export interface StoreDataFilesOptions {
  maxBytes: number;
  /** Where progress goes (stderr): a line per file, redrawn in place on a terminal. */
  out: { write(text: string): unknown; isTTY?: boolean };
}

export async function storeDataFiles(
  store: Pick<DatasetRepository, 'putDatasetBlob'>,
  spec: SweepSpec,
  options: StoreDataFilesOptions,
): Promise<void> {
  const stored = new Set<string>();
  for (const task of spec.task) {
    if (task.dataset !== 'file' || task.sha256 === undefined || stored.has(task.sha256)) continue;
    const { sha256, path } = task;
    const sizeBytes = (await stat(path)).size;
    const label = `data file ${basename(path)} (${size(sizeBytes)}, sha256 ${sha256.slice(0, 12)}…)`;
    const progress = progressLine(label, options.out);
    const started = performance.now();
    const result = await store.putDatasetBlob({
      sha256,
      sizeBytes,
      read: () => createReadStream(path),
      maxBytes: options.maxBytes,
      limitSetting: MAX_DATASET_BYTES_SETTING,
      onProgress: progress.update,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    progress.done(result.uploaded ? `stored in ${seconds} s` : 'already in the store');
    stored.add(sha256);
  }
}

function size(bytes: number): string {
  return bytes < 1e6 ? `${bytes.toLocaleString('en-US')} bytes` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** On a terminal, one line redrawn at most every 200 ms; elsewhere (logs, CI) only the final line. */
function progressLine(label: string, out: StoreDataFilesOptions['out']) {
  let drawnAt = 0;
  return {
    update(doneBytes: number, sizeBytes: number): void {
      if (!out.isTTY || performance.now() - drawnAt < 200) return;
      drawnAt = performance.now();
      const percent = sizeBytes === 0 ? 100 : Math.floor((doneBytes / sizeBytes) * 100);
      out.write(`\r${label}: storing ${percent}%`);
    },
    done(what: string): void {
      out.write(`${out.isTTY ? '\r\x1b[K' : ''}${label}: ${what}\n`);
    },
  };
}
