import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { FailedMigrationRecordedError, MigrationChecksumMismatchError, MigrationFailedError } from './errors.js';
import { Prisma } from './generated/prisma/client.js';
import { runMigrations } from './migrate.js';
import { findMigrationsDir, migrationChecksum, readMigrations } from './migration-files.js';
import {
  DRIVERS,
  makeMigrationsDir,
  openTestConnection,
  useFreshSchema,
  type TempDir,
  type TestConnection,
} from './test-support.js';

// One connection per driver for the whole file: a fresh PGlite costs seconds, a fresh schema milliseconds.
const migrationsDir = findMigrationsDir();
const migrationNames = readMigrations(migrationsDir).map((m) => m.name);
const BROKEN = '20990101000000_broken';
const FIXED_SQL = 'CREATE TABLE "later" ("id" TEXT NOT NULL);\n';

/** schema.prisma's scalar fields per table; every mapped name follows camelCase -> snake_case. */
const expectedColumns: Record<string, string[]> = {
  sweeps: Object.keys(Prisma.SweepScalarFieldEnum),
  trials: Object.keys(Prisma.TrialScalarFieldEnum),
  epoch_metrics: Object.keys(Prisma.EpochMetricScalarFieldEnum),
  sweep_spec_versions: Object.keys(Prisma.SweepSpecVersionScalarFieldEnum),
  dataset_blobs: Object.keys(Prisma.DatasetBlobScalarFieldEnum),
  dataset_blob_chunks: Object.keys(Prisma.DatasetBlobChunkScalarFieldEnum),
};
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

for (const driver of DRIVERS) {
  describe(`runMigrations on ${driver}`, () => {
    let conn: TestConnection;
    before(async () => {
      conn = await openTestConnection(driver);
    });
    after(async () => {
      await conn?.close();
    });

    test('applies every migration to a fresh database, then nothing on a second run', async () => {
      const first = await runMigrations(conn.executor);
      assert.deepEqual(first.applied, migrationNames);
      assert.deepEqual(first.alreadyApplied, []);
      assert.equal(first.migrationsDir, migrationsDir);

      const second = await runMigrations(conn.executor);
      assert.deepEqual(second.applied, []);
      assert.deepEqual(second.alreadyApplied, migrationNames);
      assert.deepEqual(second.unknownApplied, []);
    });

    test('records each migration in _prisma_migrations as prisma migrate deploy would', async () => {
      const { rows } = await conn.executor.query<{
        id: string;
        checksum: string;
        migration_name: string;
        logs: string | null;
        started_at: Date;
        finished_at: Date | null;
        rolled_back_at: Date | null;
        applied_steps_count: number;
      }>('SELECT * FROM _prisma_migrations ORDER BY migration_name');
      assert.deepEqual(
        rows.map((row) => row.migration_name),
        migrationNames,
      );
      for (const row of rows) {
        // Independent of our own checksum code: hash the file bytes with sha256 directly.
        const bytes = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
        assert.equal(row.checksum, createHash('sha256').update(bytes).digest('hex'));
        assert.match(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(row.logs, null);
        assert.equal(row.rolled_back_at, null);
        assert.equal(row.applied_steps_count, 1);
        assert.ok(row.finished_at instanceof Date && row.finished_at >= row.started_at);
      }
    });

    test("matches Prisma's _prisma_migrations column types", async () => {
      const { rows } = await conn.executor.query<{ column_name: string; data_type: string; is_nullable: string }>(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      assert.deepEqual(
        rows.map((row) => `${row.column_name} ${row.data_type} ${row.is_nullable}`),
        [
          'id character varying NO',
          'checksum character varying NO',
          'finished_at timestamp with time zone YES',
          'migration_name character varying NO',
          'logs text YES',
          'rolled_back_at timestamp with time zone YES',
          'started_at timestamp with time zone NO',
          'applied_steps_count integer NO',
        ],
      );
    });

    test('creates exactly the columns schema.prisma declares', async () => {
      for (const [table, fields] of Object.entries(expectedColumns)) {
        const { rows } = await conn.executor.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1`,
          [table],
        );
        assert.deepEqual(rows.map((row) => row.column_name).sort(), fields.map(snake).sort(), table);
      }
    });

    if (driver === 'postgres') {
      test('two processes migrating at once apply each migration exactly once (advisory lock)', async () => {
        const schema = await useFreshSchema(conn.executor);
        const other = await conn.connectAnother();
        try {
          await other.executor.exec(`SET search_path TO "${schema}"`);
          const reports = await Promise.all([runMigrations(conn.executor), runMigrations(other.executor)]);
          assert.deepEqual(reports.flatMap((report) => report.applied).sort(), migrationNames);
          const { rows } = await conn.executor.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM _prisma_migrations',
          );
          assert.equal(rows[0]?.n, migrationNames.length);
        } finally {
          await other.close();
          await conn.executor.exec('SET search_path TO public');
        }
      });
    }

    describe('refusals', () => {
      let dir: TempDir;
      // Each test gets its own schema and its own copy of the migrations folder.
      beforeEach(async () => {
        await useFreshSchema(conn.executor);
        dir = makeMigrationsDir();
      });
      afterEach(() => dir.remove());

      test('refuses an applied migration whose recorded checksum differs, naming both checksums', async () => {
        await runMigrations(conn.executor, { migrationsDir: dir.path });
        const [init] = readMigrations(dir.path);
        assert.ok(init);
        const tampered = 'f'.repeat(64);
        await conn.executor.query('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', [
          tampered,
          init.name,
        ]);
        await assert.rejects(runMigrations(conn.executor, { migrationsDir: dir.path }), (error: unknown) => {
          assert.ok(error instanceof MigrationChecksumMismatchError);
          assert.equal(error.name, 'MigrationChecksumMismatchError');
          assert.equal(error.migration, init.name);
          assert.equal(error.expected, tampered);
          assert.equal(error.found, init.checksum);
          assert.match(error.message, new RegExp(`migration ${init.name} was modified after it was applied`));
          return true;
        });
      });

      test('refuses when an applied migration file was edited, and applies nothing newer', async () => {
        await runMigrations(conn.executor, { migrationsDir: dir.path });
        const [init] = readMigrations(dir.path);
        assert.ok(init);
        appendFileSync(init.path, '\n-- an innocent-looking edit\n');
        await assert.rejects(runMigrations(conn.executor, { migrationsDir: dir.path }), MigrationChecksumMismatchError);
      });

      test('accepts the same file with CRLF line endings (git on Windows), as Prisma does', async () => {
        await runMigrations(conn.executor, { migrationsDir: dir.path });
        const [init] = readMigrations(dir.path);
        assert.ok(init);
        writeFileSync(init.path, init.sql.replaceAll('\n', '\r\n'));
        const report = await runMigrations(conn.executor, { migrationsDir: dir.path });
        assert.deepEqual(report.applied, []);
      });

      test('refuses to run while a failed migration is recorded (like Prisma P3009)', async () => {
        await runMigrations(conn.executor, { migrationsDir: dir.path });
        await conn.executor.query(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
           VALUES ('00000000-0000-4000-8000-000000000000', $1, '20980101000000_half_done', 'boom', now(), 0)`,
          [migrationChecksum('x')],
        );
        await assert.rejects(runMigrations(conn.executor, { migrationsDir: dir.path }), (error: unknown) => {
          assert.ok(error instanceof FailedMigrationRecordedError);
          assert.equal(error.migration, '20980101000000_half_done');
          assert.equal(error.logs, 'boom');
          assert.match(error.message, /never finished/);
          return true;
        });
      });

      test('rolls a failing migration back completely, records it as rolled back, and retries it once fixed', async () => {
        dir.remove();
        dir = makeMigrationsDir({
          [BROKEN]: 'CREATE TABLE "later" ("id" TEXT NOT NULL);\nSELECT no_such_function();\n',
        });
        await assert.rejects(runMigrations(conn.executor, { migrationsDir: dir.path }), (error: unknown) => {
          assert.ok(error instanceof MigrationFailedError);
          assert.equal(error.migration, BROKEN);
          assert.match(error.message, /no_such_function/);
          return true;
        });
        // Earlier migrations stay applied; the broken one left no table behind.
        const tables = await conn.executor.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('sweeps', 'later')`,
        );
        assert.deepEqual(
          tables.rows.map((row) => row.table_name),
          ['sweeps'],
        );
        const recorded = await conn.executor.query<{
          rolled_back_at: Date | null;
          finished_at: Date | null;
          logs: string;
        }>('SELECT rolled_back_at, finished_at, logs FROM _prisma_migrations WHERE migration_name = $1', [BROKEN]);
        assert.equal(recorded.rows.length, 1);
        assert.ok(recorded.rows[0]?.rolled_back_at instanceof Date);
        assert.equal(recorded.rows[0]?.finished_at, null);
        assert.match(recorded.rows[0]?.logs ?? '', /no_such_function/);

        writeFileSync(join(dir.path, BROKEN, 'migration.sql'), FIXED_SQL);
        const report = await runMigrations(conn.executor, { migrationsDir: dir.path });
        assert.deepEqual(report.applied, [BROKEN]);
      });

      test('reports migrations the database has but the folder lacks, without failing', async () => {
        await runMigrations(conn.executor, { migrationsDir: dir.path });
        await conn.executor.query(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ('00000000-0000-4000-8000-000000000001', $1, '20990101000000_from_the_future', now(), now(), 1)`,
          [migrationChecksum('x')],
        );
        const report = await runMigrations(conn.executor, { migrationsDir: dir.path });
        assert.deepEqual(report.unknownApplied, ['20990101000000_from_the_future']);
        assert.deepEqual(report.applied, []);
      });
    });
  });
}
