import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataDirLockedError } from './errors.js';
import { openStore } from './open-store.js';
import { createTempDir } from './test-support.js';

test('PGlite data persists across close and reopen of the same folder', async () => {
  const dir = createTempDir();
  const dataDir = join(dir.path, 'nested', 'db'); // created on open, like $CELLSWEEP_HOME/db
  try {
    const first = await openStore({ dataDir });
    // PGlite does not lock its folder itself; a second opener must be refused, not corrupt it.
    await assert.rejects(openStore({ dataDir }), DataDirLockedError);
    const sweep = await first.upsertSweep({ name: 'persisted', spec: { task: 'parity' }, specHash: 'h' });
    await first.addTrials(sweep.id, [
      { configKey: 'k', ordinal: 0, cell: 'gru', hidden: 8, layers: 1, paramCount: 300, seed: 7, config: { a: 1 } },
    ]);
    const [trial] = await first.listTrials(sweep.id);
    assert.ok(trial);
    const { attempt } = await first.startAttempt(trial.id, { backend: 'wasm' });
    const row = { epoch: 1, trainLoss: 0.5, valLoss: 0.6, samplesPerSec: 100, epochTimeMs: 20 };
    assert.equal(await first.recordAttemptEpoch(trial.id, attempt, row), true);
    const running = await first.getTrial(trial.id);
    await first.close();
    await first.close(); // idempotent

    const second = await openStore({ dataDir });
    try {
      assert.deepEqual(second.migrations?.applied, []);
      assert.equal(second.migrations?.alreadyApplied.length, first.migrations?.applied.length);
      assert.deepEqual(await second.getSweep('persisted'), sweep);
      const [reread] = await second.listTrials(sweep.id);
      assert.deepEqual(reread, running);
      assert.equal((await second.listEpochs(trial.id))[0]?.valLoss, 0.6);
    } finally {
      await second.close();
    }
  } finally {
    dir.remove();
  }
});
