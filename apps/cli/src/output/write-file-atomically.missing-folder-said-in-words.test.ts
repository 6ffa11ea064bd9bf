import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { OutputFileError, writeFileAtomically } from './write-file-atomically.js';

const dir = mkdtempSync(join(tmpdir(), 'cellsweep-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// `report quick --out reports/quick.html` without a reports/ folder printed the temporary file's name:
// "ENOENT: no such file or directory, open '…/reports/.quick.html.5a45e204.tmp'; its folder does not exist; …".
test('an --out in a folder that does not exist names that folder and the fix, not the temporary file', () => {
  const path = join(dir, 'reports', 'quick.html');
  assert.throws(
    () => writeFileAtomically(path, '<!doctype html>'),
    (error: unknown) => {
      assert.ok(error instanceof OutputFileError);
      assert.equal(
        error.message,
        `cannot write ${path}: the folder ${join(dir, 'reports')} does not exist; create it or choose another --out`,
      );
      assert.doesNotMatch(error.message, /\.tmp|ENOENT/);
      return true;
    },
  );
  assert.equal(existsSync(join(dir, 'reports')), false);
  assert.deepEqual(readdirSync(dir), []);
});
