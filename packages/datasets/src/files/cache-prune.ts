/**
 * Keeps the machine's dataset cache (raw copies fetched from the store, named by their SHA-256, and parsed entries,
 * `<key>.parsed`) under a size cap, evicting the least recently used first and never a file in use.
 *
 * "Used" is the access time, which every user sets when it takes a file (markUsed): it does not depend on how the
 * file system records reads. "In use" is a lease: a file `leases/<name>.<pid>.<random>` that a user creates before
 * it looks for the file and removes when done (a lease whose process has died is stale and removed). Eviction first
 * renames the file out of the way and only then looks at the leases: a user that leased the file before seeing it is
 * found and the file put back, and one that looks after the rename finds nothing and fetches or parses again. Leases
 * name processes by pid: share the folder between processes of one host (one pid namespace).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
  const path = join(leases, `${name}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(path, '');
  return { release: () => unlink(path).catch(() => undefined) };
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
    const aside = `${path}.evicting.${process.pid}.${randomBytes(4).toString('hex')}`;
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
  for (const name of names) {
    const match = /\.(?:evicting\.(\d+)\.[0-9a-f]+|(\d+)-[0-9a-f]+\.tmp)$/.exec(name);
    const pid = Number(match?.[1] ?? match?.[2]);
    if (match !== null && !alive(pid)) await unlink(join(dir, name)).catch(() => undefined);
  }
}

/** Names with a live lease; leases of processes that have ended are removed. */
async function leasedNames(dir: string): Promise<Set<string>> {
  const leases = join(dir, LEASES);
  const names = new Set<string>();
  for (const lease of await readdir(leases).catch(() => [] as string[])) {
    const match = /^(.+)\.(\d+)\.[0-9a-f]+$/.exec(lease);
    if (match === null) continue;
    if (alive(Number(match[2]))) names.add(match[1] as string);
    else await unlink(join(leases, lease)).catch(() => undefined);
  }
  return names;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
