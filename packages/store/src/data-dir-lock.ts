/**
 * An exclusive, process-level lock for a PGlite folder: `<folder>.lock` (a sibling, so PGDATA stays untouched)
 * holding the owner's pid. Measured here: PGlite 0.5 happily opens a folder that another instance has open, and
 * two writers corrupt it. A lock left by a crashed process (pid no longer alive) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DataDirLockedError } from './errors.js';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function lockDataDir(folder: string): DataDirLock {
  const path = `${folder}.lock`;
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      return {
        path,
        release: () => {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (owner === undefined) continue; // released between our attempt and the read
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new DataDirLockedError(folder, path, owner);
    rmSync(path, { force: true }); // stale: its owner died without releasing it
  }
  throw new DataDirLockedError(folder, path, Number.NaN);
}
