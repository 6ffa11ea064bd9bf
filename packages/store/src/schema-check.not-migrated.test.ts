import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { driverErrorLine } from './driver-error-line.js';
import { StoreNotMigratedError } from './errors.js';
import { openStore } from './open-store.js';
import { createTestDatabase, makeMigrationsDir, type TempDir, type TestDatabase } from './test-support.js';

let database: TestDatabase;
let extra: TempDir;
before(async () => {
  database = await createTestDatabase();
  extra = makeMigrationsDir({ '20991231235959_from_the_future': 'CREATE TABLE "later" ("id" TEXT NOT NULL);\n' });
});
after(async () => {
  await database.drop();
  extra.remove();
});

test('checkSchema: an empty database is "not a cellsweep database", a migrated one passes, a missing migration is named', async () => {
  const bare = await openStore({ databaseUrl: database.url, migrate: false });
  try {
    await assert.rejects(bare.checkSchema(), (error: unknown) => {
      assert.ok(error instanceof StoreNotMigratedError);
      assert.equal(error.hasMigrationsTable, false);
      assert.match(
        error.message,
        /has no cellsweep tables \(no _prisma_migrations\): it is not a cellsweep database, or was never migrated/,
      );
      return true;
    });
  } finally {
    await bare.close();
  }

  const migrated = await openStore({ databaseUrl: database.url });
  await migrated.checkSchema();
  await migrated.close();

  const newer = await openStore({ databaseUrl: database.url, migrate: false, migrationsDir: extra.path });
  try {
    await assert.rejects(newer.checkSchema(), (error: unknown) => {
      assert.ok(error instanceof StoreNotMigratedError);
      assert.deepEqual(error.missing, ['20991231235959_from_the_future']);
      assert.match(
        error.message,
        /lacks 1 migration\(s\) this version needs \(20991231235959_from_the_future\): run `cellsweep db migrate`/,
      );
      return true;
    });
  } finally {
    await newer.close();
  }
});

test('checkSchema rejects with the driver error when Postgres cannot be reached', async () => {
  const url = new URL(database.url);
  url.port = '1';
  const unreachable = await openStore({ databaseUrl: url.toString(), migrate: false });
  try {
    await assert.rejects(unreachable.checkSchema(), (error: unknown) => {
      assert.ok(!(error instanceof StoreNotMigratedError));
      assert.equal(
        driverErrorLine(error),
        "Can't reach database server at 127.0.0.1:1",
        "one line for logs, not Prisma's invocation dump",
      );
      return true;
    });
  } finally {
    await unreachable.close();
  }
});
