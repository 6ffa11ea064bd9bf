/**
 * A worker's local copies of data files, by SHA-256 (the store carries them: `submit` puts each file task's bytes
 * there, so no worker needs the submitter's path). A copy is used only after its bytes hash to its name; a copy that
 * does not (a disk error, a hand edit) is fetched again. Files appear by rename from a temp file of their own, so
 * two worker processes on one host sharing the folder never see each other's half-written bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrialConfig } from '@cellsweep/core';
import type { DatasetRepository } from '@cellsweep/store';
import { holderTag, leaseCacheFile, markUsed, pruneDatasetCache, sha256File } from '@cellsweep/datasets/cache';
import { DatasetFetchError } from './errors.js';

export interface DatasetCacheOptions {
  /** The cache folder (CELLSWEEP_DATASET_CACHE_DIR); created when missing. */
  dir: string;
  store: Pick<DatasetRepository, 'findDatasetBlob' | 'readDatasetBlob'>;
  /**
   * The folder's size cap (CELLSWEEP_DATASET_CACHE_MAX_BYTES): after each trial that used it, least recently used
   * copies and parsed files are evicted down to it (never one in use). No cap when absent.
   */
  maxBytes?: number;
  log?: (line: string) => void;
}

export interface DatasetCache {
  /** The verified local copy of the blob, fetched from the store when needed; null when the store has none. */
  localPath(sha256: string): Promise<string | null>;
  /**
   * The config with its file task reading the local copy (the trainer reads `task.path`). A config of a built-in
   * task, or of a file the store does not hold (a sweep submitted before files travelled), comes back unchanged.
   */
  localize(config: TrialConfig): Promise<TrialConfig>;
  /**
   * Runs `train` with the localized config while holding a lease on the local copy (no prune evicts it
   * meanwhile), then prunes the folder to `maxBytes`.
   */
  use<T>(config: TrialConfig, train: (config: TrialConfig) => Promise<T>): Promise<T>;
}

export function createDatasetCache(options: DatasetCacheOptions): DatasetCache {
  const { dir, store } = options;
  const log = options.log ?? (() => undefined);
  // Files this process has hashed, by path, with the stat they had: hashing 100 MB again for every trial would cost
  // ~0.3 s each, while a file changed since (new size, mtime or inode) is hashed again.
  const verified = new Map<string, string>();
  const inFlight = new Map<string, Promise<string | null>>();

  async function verifiedCopy(sha256: string): Promise<string | null> {
    const path = join(dir, sha256);
    const stats = await stat(path).catch(() => null);
    if (stats === null) return null;
    const fingerprint = `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
    await markUsed(path, stats.mtime);
    if (verified.get(path) === fingerprint) return path;
    const found = await sha256File(path);
    if (found === sha256) {
      verified.set(path, fingerprint);
      return path;
    }
    log(`dataset cache: ${path} hashes to ${found.slice(0, 12)}…, not its name: fetching it again`);
    verified.delete(path);
    await unlink(path).catch(() => undefined);
    return null;
  }

  async function fetch(sha256: string): Promise<string | null> {
    const info = await store.findDatasetBlob(sha256);
    if (info === null) return null;
    await mkdir(dir, { recursive: true });
    const path = join(dir, sha256);
    const temp = join(dir, `${sha256}.${holderTag()}-${randomBytes(4).toString('hex')}.tmp`);
    const started = performance.now();
    const file = await open(temp, 'w');
    try {
      const hash = createHash('sha256');
      for await (const chunk of store.readDatasetBlob(sha256)) {
        hash.update(chunk);
        await file.write(chunk);
      }
      await file.sync();
      await file.close();
      const found = hash.digest('hex');
      if (found !== sha256) throw new DatasetFetchError(sha256, found);
      await rename(temp, path);
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    const stats = await stat(path);
    verified.set(path, `${stats.size}:${stats.mtimeMs}:${stats.ino}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `dataset cache: fetched ${sha256.slice(0, 12)}… (${info.sizeBytes.toLocaleString('en-US')} bytes) in ${seconds} s`,
    );
    return path;
  }

  const localPath = (sha256: string): Promise<string | null> => {
    let pending = inFlight.get(sha256);
    if (!pending) {
      // Trials of one task arrive together: they share one check and at most one download.
      pending = (async () => (await verifiedCopy(sha256)) ?? fetch(sha256))();
      inFlight.set(sha256, pending);
      void pending.finally(() => inFlight.delete(sha256)).catch(() => undefined);
    }
    return pending;
  };

  async function localize(config: TrialConfig): Promise<TrialConfig> {
    const { task } = config;
    if (task.dataset !== 'file' || task.sha256 === undefined) return config;
    const path = await localPath(task.sha256);
    if (path === null) {
      log(`dataset cache: the store has no copy of ${task.sha256.slice(0, 12)}…: reading ${task.path}`);
      return config;
    }
    return { ...config, task: { ...task, path } };
  }

  let pruning: Promise<void> = Promise.resolve();
  const prune = (): Promise<void> => {
    // One prune at a time in this process; they are cheap (a listing and a stat per file).
    pruning = pruning.then(async () => {
      if (options.maxBytes === undefined) return;
      const result = await pruneDatasetCache(dir, options.maxBytes);
      if (result.evicted.length > 0) {
        const size = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
        log(
          `dataset cache: evicted ${result.evicted.length} least recently used file(s); ${size(result.keptBytes)} kept ` +
            `(cap ${size(options.maxBytes)}${result.inUseBytes > 0 ? `, ${size(result.inUseBytes)} in use` : ''})`,
        );
      }
    });
    return pruning.catch((error: unknown) => log(`dataset cache: prune failed: ${String(error)}`));
  };

  return {
    localPath,
    localize,
    async use(config, train) {
      const { task } = config;
      if (task.dataset !== 'file' || task.sha256 === undefined) return train(config);
      // Leased before the copy is looked for: a prune that runs meanwhile sees the lease (cache-prune.ts).
      const lease = await leaseCacheFile(dir, task.sha256);
      try {
        return await train(await localize(config));
      } finally {
        await lease.release();
        await prune();
      }
    },
  };
}
