import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

// A new user ran `npm start` in the repo, then `cellsweep compare quick` from another folder: the embedded store is
// that folder's ./.cellsweep, and the error did not say where it had looked or how to find the stored sweeps.
test('compare, report and results of a sweep that is not stored say which store was searched and how to list it', async () => {
  for (const args of [
    ['compare', 'quikc'],
    ['report', 'quikc', '--out', 'r.html'],
    ['results', 'quikc'],
  ]) {
    const result = await sandbox.run(args);
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0] ?? '',
      /^cellsweep: no sweep with name or id "quikc" in the store \(pglite \/.*\/home\/db\); /,
    );
    assert.match(
      lines[0] ?? '',
      /`cellsweep sweeps` lists the sweeps there, CELLSWEEP_HOME or DATABASE_URL chooses another store$/,
    );
  }
});
