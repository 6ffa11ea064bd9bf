/**
 * An exclusive, process-level lock for a PGlite folder: `<folder>.lock` (a sibling, so PGDATA stays untouched).
 * Measured here: PGlite 0.5 happily opens a folder that another instance has open, and two writers corrupt it.
 *
 * The file names its holder by pid, host and the process's start time (field 22 of /proc/<pid>/stat, clock ticks
 * since boot), plus a random token. A pid alone is not enough: after a crash the pid may be reused by an unrelated
 * process (or a lock file may name pid 1), which blocked the store forever (issue 14, defect 21). A lock whose pid
 * is dead, or alive with another start time, is stale and taken over. The file is written whole under a temporary
 * name and linked into place, so a reader never sees a half-written lock.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { DataDirLockedError } from './errors.js';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** What a lock file records about its holder. `startTime` is null where /proc is not available. */
export interface LockHolder {
  pid: number;
  host: string;
  startTime: string | null;
  token: string;
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

/** The start time of process `pid` (Linux /proc), or null when it cannot be read (no such process, no /proc). */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null; // field 22 overall; fields[0] is field 3
}

/** The holder recorded in the file, or null when the file is not a lock this code wrote (empty, garbage). */
function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || typeof value.host !== 'string' || typeof value.token !== 'string') return null;
    return { pid: value.pid as number, host: value.host, startTime: value.startTime ?? null, token: value.token };
  } catch {
    // Earlier versions wrote the bare pid; its start time is unknown.
    const pid = Number.parseInt(text.trim(), 10);
    return /^\d+\s*$/.test(text) && pid > 0 ? { pid, host: hostname(), startTime: null, token: '' } : null;
  }
}

/**
 * Whether the recorded holder still holds the lock. Another host's process cannot be checked, so it is trusted.
 * A bare-pid lock of an earlier version (no start time) counts only if that pid is a Node process.
 */
function holderIsLive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid <= 0 || !isAlive(holder.pid)) return false;
  const startTime = processStartTime(holder.pid);
  if (startTime === null) return true; // no /proc: the pid is all there is to go on
  if (holder.startTime !== null) return holder.startTime === startTime;
  return isNodeProcess(holder.pid);
}

function isNodeProcess(pid: number): boolean {
  try {
    return /(^|\/)node(js)?\0/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
  } catch {
    return true;
  }
}

function readHolder(path: string): { holder: LockHolder | null } | undefined {
  try {
    return { holder: parseHolder(readFileSync(path, 'utf8')) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates `path` holding `text`, atomically; false if it already exists. */
function createWhole(path: string, text: string): boolean {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, text, { flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

export function lockDataDir(folder: string): DataDirLock {
  const path = `${folder}.lock`;
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startTime: processStartTime(process.pid),
    token: randomBytes(16).toString('hex'),
  };
  let last: LockHolder | null = null;
  for (let tries = 0; tries < 3; tries += 1) {
    if (createWhole(path, `${JSON.stringify(me)}\n`)) {
      let released = false;
      return {
        path,
        release: () => {
          if (released) return;
          released = true;
          // Only our own lock: a stale-lock takeover by another process must not be undone.
          if (readHolder(path)?.holder?.token === me.token) rmSync(path, { force: true });
        },
      };
    }
    const read = readHolder(path);
    if (read === undefined) continue; // released between our attempt and the read
    last = read.holder;
    if (read.holder && holderIsLive(read.holder)) throw new DataDirLockedError(folder, path, read.holder.pid);
    rmSync(path, { force: true }); // stale: its holder died, or the pid now belongs to another process
  }
  throw new DataDirLockedError(folder, path, last?.pid ?? Number.NaN);
}
