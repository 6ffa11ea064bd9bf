import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, listPublicTables, type TestDatabase } from '@cellsweep/store/testing';
import { createSandbox, tinySpec, type Sandbox } from './test-cli.js';

// Issue 14, defect 8: `status` pointed at an unrelated database used to migrate it (five tables created).
let sandbox: Sandbox;
let database: TestDatabase;
before(async () => {
  sandbox = createSandbox({ embeddedStore: 'none' });
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
  sandbox.remove();
});

test('read-only and run commands refuse an unmigrated Postgres database and leave it untouched; db migrate migrates', async () => {
  const env = { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379' };
  const spec = sandbox.spec('s.yaml', tinySpec('unmigrated'));
  for (const args of [
    ['sweeps'],
    ['results', 'x'],
    ['compare', 'x'],
    ['status', 'x'],
    ['watch', 'x'],
    ['cancel', 'x'],
    ['run', spec],
  ]) {
    const result = await sandbox.run(args, env);
    assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
    assert.match(
      result.stderr,
      /not a cellsweep database, or was never migrated.*run `cellsweep db migrate`/,
      args.join(' '),
    );
    assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  }
  assert.deepEqual(await listPublicTables(database.url), [], 'no command but db migrate creates tables');

  const migrate = await sandbox.run(['db', 'migrate'], env);
  assert.equal(migrate.code, 0, migrate.stderr);
  assert.match(migrate.stdout, /applied \d{14}_init/);
  assert.ok((await listPublicTables(database.url)).includes('sweeps'));
  const sweeps = await sandbox.run(['sweeps', '--format', 'json'], env);
  assert.equal(sweeps.code, 0, sweeps.stderr);
  assert.deepEqual(JSON.parse(sweeps.stdout), []);
});

test('a DATABASE_URL naming a database the server does not have says how to create it, in one line', async () => {
  const missing = new URL(database.url);
  missing.pathname = '/cellsweep_no_such_database';
  const result = await sandbox.run(['sweeps'], { DATABASE_URL: missing.toString() });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /database "cellsweep_no_such_database" does not exist/);
  assert.match(
    result.stderr,
    /create it \(createdb <name>, or CREATE DATABASE <name>\) and run `cellsweep db migrate`/,
  );
  assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
});
