import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '@cellsweep/store';
import { createTestDatabase, type TestDatabase } from '@cellsweep/store/testing';
import { createSandbox, type Sandbox } from './test-cli.js';

const bytes = (text: string) => new TextEncoder().encode(text.repeat(500));
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function put(store: Store, data: Uint8Array): Promise<string> {
  const hash = sha256(data);
  await store.putDatasetBlob({
    sha256: hash,
    sizeBytes: data.length,
    read: async function* () {
      yield data;
    },
  });
  return hash;
}

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`cellsweep db prune-datasets on ${driver}`, () => {
    let sandbox: Sandbox;
    let database: TestDatabase | null = null;
    let env: Record<string, string> = {};
    const open = () => openStore(database ? { databaseUrl: database.url } : { dataDir: join(sandbox.home, 'db') });
    before(async () => {
      sandbox = createSandbox();
      if (driver === 'postgres') {
        database = await createTestDatabase();
        env = { DATABASE_URL: database.url };
      }
    });
    after(async () => {
      await database?.drop();
      sandbox.remove();
    });

    test('lists sizes and reasons first, removes only with --apply, and keeps the file an open trial needs', async () => {
      let store = await open();
      const unused = await put(store, bytes('old,data\n'));
      const needed = await put(store, bytes('live,data\n'));
      const task = { dataset: 'file', path: '/d/live.csv', kind: 'classification', sha256: needed };
      const sweep = await store.upsertSweep({ name: 'live', spec: { name: 'live', task: [task] }, specHash: 'h1' });
      await store.addTrials(sweep.id, [
        { configKey: 'k', ordinal: 0, cell: 'gru', hidden: 4, layers: 1, paramCount: 10, seed: 0, config: { task } },
      ]);
      await store.close();

      const listed = await sandbox.run(['db', 'prune-datasets', '--min-age-hours', '0'], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(
        listed.stdout,
        new RegExp(`would remove +${unused.slice(0, 12)}… +4,500 B +no sweep or trial uses it`),
      );
      assert.match(
        listed.stdout,
        new RegExp(`keep +${needed.slice(0, 12)}… +5,000 B +needed: 1 open trial\\(s\\).*live`),
      );
      assert.match(listed.stdout, /1 of 2 data file\(s\), 4,500 B, would be removed; run again with --apply/);
      const recent = await sandbox.run(['db', 'prune-datasets'], env);
      assert.match(recent.stdout, /0 of 2 data file\(s\)/, 'the default hour of grace keeps files just stored');

      store = await open();
      assert.ok(await store.findDatasetBlob(unused), 'listing removed nothing');
      await store.close();

      const applied = await sandbox.run(['db', 'prune-datasets', '--min-age-hours', '0', '--apply'], env);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /removed 1 data file\(s\), 4,500 B/);
      store = await open();
      try {
        assert.equal(await store.findDatasetBlob(unused), null);
        assert.ok(await store.findDatasetBlob(needed));
        assert.equal((await store.listTrials(sweep.id)).length, 1);
      } finally {
        await store.close();
      }
    });
  });
}
