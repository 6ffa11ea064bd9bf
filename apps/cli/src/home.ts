/**
 * $CELLSWEEP_HOME, checked before the embedded store opens in it: an existing or creatable folder, writable, on a
 * real file system. `CELLSWEEP_HOME=/proc/self` hung silently: Node's recursive mkdir loops forever under /proc
 * (issue 14, defect 23), so folders are created one level at a time here.
 */
import { CellsweepError } from '@cellsweep/core';
import { randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class HomeUnusableError extends CellsweepError {
  constructor(
    readonly home: string,
    readonly reason: string,
  ) {
    super(`CELLSWEEP_HOME=${home} cannot hold the embedded store: ${reason}; set CELLSWEEP_HOME to a writable folder`);
  }
}

/** Kernel file systems that look like folders but cannot hold files. */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** Creates `home` if needed and proves a file can be written in it; throws HomeUnusableError naming why not. */
export function prepareHome(home: string): void {
  const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);
  try {
    createFolders(home);
  } catch (error) {
    throw new HomeUnusableError(home, `cannot create it (${code(error)})`);
  }
  const real = realpathSync(home);
  if (PSEUDO_ROOTS.some((root) => real === root || real.startsWith(`${root}/`))) {
    throw new HomeUnusableError(home, `${real} is on a kernel file system (${PSEUDO_ROOTS.join(', ')})`);
  }
  const probe = join(real, `.write-test-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
  } catch (error) {
    throw new HomeUnusableError(home, `cannot write in it (${code(error)})`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** mkdir -p, one level at a time; a path that exists must be a folder. */
function createFolders(path: string): void {
  const missing: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    let isFolder: boolean;
    try {
      isFolder = statSync(current).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw error;
      missing.push(current);
      continue;
    }
    if (!isFolder) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
    break;
  }
  for (const folder of missing.reverse()) mkdirSync(folder);
}
