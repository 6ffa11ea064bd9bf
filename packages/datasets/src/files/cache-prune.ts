/**
 * Keeps the machine's dataset cache (raw copies fetched from the store, named by their SHA-256, and parsed entries,
 * `<key>.parsed`) under a size cap, evicting the least recently used first and never a file in use.
 *
 * "Used" is the access time, which every user sets when it takes a file (markUsed): it does not depend on how the
 * file system records reads. "In use" is a lease: a file `leases/<name>.<pid>@<pid namespace>.<random>` that a user
 * creates before it looks for the file, touches while it holds it, and removes when done; a lease whose holder has
 * died is stale and removed (cache-holder.ts: at once for a process of this pid namespace, after FOREIGN_STALE_MS
 * untouched for one of another host or container, so containers can share one cache volume). Eviction first
 * renames the file out of the way and only then looks at the leases: a user that leased the file before seeing it is
 * found and the file put back, and one that looks after the rename finds nothing and fetches or parses again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOLDER_PATTERN, holderAlive, holderTag, LEASE_HEARTBEAT_MS } from './cache-holder.js';

const LEASES = 'leases';
/** Raw copies (a bare SHA-256) and parsed entries: the only files the cache evicts. */
const CACHE_FILE = /^[0-9a-f]{64}(\.parsed)?$/;

export interface CacheLease {
  release(): Promise<void>;
}

/** Marks `name` in `dir` in use by this process until `release`: no prune evicts it meanwhile. */
export async function leaseCacheFile(dir: string, name: string): Promise<CacheLease> {
  const leases = join(dir, LEASES);
  await mkdir(leases, { recursive: true });
  const path = join(leases, `${name}.${holderTag()}.${randomBytes(4).toString('hex')}`);
  await writeFile(path, '');
  // The heartbeat that tells processes of other hosts and containers this lease is still held.
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, LEASE_HEARTBEAT_MS);
  heartbeat.unref();
  return {
    release: () => {
      clearInterval(heartbeat);
      return unlink(path).catch(() => undefined);
    },
  };
}

export interface PruneResult {
  /** Names evicted, oldest use first. */
  evicted: string[];
  /** What the cache holds afterwards (bytes of raw copies and parsed entries). */
  keptBytes: number;
  /** Bytes kept above the cap because the files were in use. */
  inUseBytes: number;
}

/** Evicts least-recently-used files until the cache holds at most `maxBytes` (files in use are never evicted). */
export async function pruneDatasetCache(dir: string, maxBytes: number): Promise<PruneResult> {
  const all = await readdir(dir).catch(() => [] as string[]);
  await removeLeftovers(dir, all);
  const names = all.filter((name) => CACHE_FILE.test(name));
  const files = (
    await Promise.all(
      names.map(async (name) => {
        const stats = await stat(join(dir, name)).catch(() => null);
        return stats === null ? null : { name, bytes: stats.size, usedMs: stats.atimeMs };
      }),
    )
  ).filter((file) => file !== null);
  files.sort((a, b) => a.usedMs - b.usedMs || (a.name < b.name ? -1 : 1));
  let keptBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const result: PruneResult = { evicted: [], keptBytes, inUseBytes: 0 };
  for (const file of files) {
    if (keptBytes <= maxBytes) break;
    if ((await leasedNames(dir)).has(file.name)) {
      result.inUseBytes += file.bytes;
      continue;
    }
    const path = join(dir, file.name);
    const aside = `${path}.evicting.${holderTag()}.${randomBytes(4).toString('hex')}`;
    if (
      !(await rename(path, aside).then(
        () => true,
        () => false,
      ))
    )
      continue;
    if ((await leasedNames(dir)).has(file.name)) {
      // Leased between the check and the rename: the user saw the file before it moved, so it goes back.
      await rename(aside, path).catch(() => undefined);
      result.inUseBytes += file.bytes;
      continue;
    }
    await unlink(aside).catch(() => undefined);
    keptBytes -= file.bytes;
    result.evicted.push(file.name);
  }
  result.keptBytes = keptBytes;
  return result;
}

/** Temp files and files set aside for eviction whose process ended before it renamed or removed them. */
async function removeLeftovers(dir: string, names: readonly string[]): Promise<void> {
  const leftover = new RegExp(
    String.raw`\.(?:evicting\.${HOLDER_PATTERN}\.[0-9a-f]+|${HOLDER_PATTERN}-[0-9a-f]+\.tmp)$`,
  );
  for (const name of names) {
    const match = leftover.exec(name);
    if (match === null) continue;
    const [pid, namespace] = match[1] === undefined ? [match[3], match[4]] : [match[1], match[2]];
    const path = join(dir, name);
    if (!holderAlive(Number(pid), namespace, await lastTouchedMs(path), Date.now())) {
      await unlink(path).catch(() => undefined);
    }
  }
}

const LEASE_NAME = new RegExp(String.raw`^(.+)\.${HOLDER_PATTERN}\.[0-9a-f]+$`);

/** Names with a live lease; leases whose holders have ended are removed. */
async function leasedNames(dir: string): Promise<Set<string>> {
  const leases = join(dir, LEASES);
  const names = new Set<string>();
  for (const lease of await readdir(leases).catch(() => [] as string[])) {
    const match = LEASE_NAME.exec(lease);
    if (match === null) continue;
    const path = join(leases, lease);
    // A lease's sign of life is its mtime alone: only its holder's heartbeat sets that.
    const touchedMs = (await stat(path).catch(() => null))?.mtimeMs ?? 0;
    if (holderAlive(Number(match[2]), match[3], touchedMs, Date.now())) names.add(match[1] as string);
    else await unlink(path).catch(() => undefined);
  }
  return names;
}

/** The latest sign of life of a file: a write or touch (mtime), or a rename (ctime); 0 when it is gone. */
async function lastTouchedMs(path: string): Promise<number> {
  const stats = await stat(path).catch(() => null);
  return stats === null ? 0 : Math.max(stats.mtimeMs, stats.ctimeMs);
}
