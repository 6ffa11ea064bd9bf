/**
 * Writes a whole file or nothing: the text goes to a temporary file beside the target, which is renamed over it
 * only once fully written. `report --out` onto a full disk used to leave a truncated report (issue 14, defect 18);
 * now the old file, if any, stays as it was and no temporary file is left behind.
 */
import { CellsweepError } from '@cellsweep/core';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export class OutputFileError extends CellsweepError {
  constructor(
    readonly path: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(`cannot write ${path}: ${reasonFor(path, code, cause)}; ${adviceFor(code)}`, { cause });
  }
}

/**
 * The driver's message names the temporary file (".report.html.5a45e204.tmp"), which the user never asked for; a
 * missing folder is said in words instead.
 */
function reasonFor(path: string, code: string, cause: unknown): string {
  if (code === 'ENOENT') return `the folder ${dirname(resolve(path))} does not exist`;
  return (cause as Error).message ?? code;
}

function adviceFor(code: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free disk space or choose another --out; nothing was written (an existing file is unchanged)';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'choose a writable --out; nothing was written';
    case 'ENOENT':
      return 'create it or choose another --out';
    default:
      return 'nothing was written (an existing file is unchanged)';
  }
}

export function writeFileAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx');
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new OutputFileError(path, (error as NodeJS.ErrnoException).code ?? 'EIO', error);
  }
}
