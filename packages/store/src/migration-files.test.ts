import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MigrationScriptMissingError, MigrationsDirNotFoundError } from './errors.js';
import { checksumMatches, findMigrationsDir, migrationChecksum, readMigrations } from './migration-files.js';
import { createTempDir } from './test-support.js';

describe('migration files', () => {
  test('finds the repository prisma/migrations folder from this package, and from a nested path', () => {
    const dir = findMigrationsDir();
    assert.match(dir, /prisma[/\\]migrations$/);
    assert.equal(findMigrationsDir(join(dir, '..', '..', 'packages', 'store', 'src')), dir);
  });

  test('says where it looked when there is no migrations folder', () => {
    const tmp = createTempDir();
    try {
      assert.throws(() => findMigrationsDir(tmp.path), MigrationsDirNotFoundError);
    } finally {
      tmp.remove();
    }
  });

  test('lists migration folders in name order, ignores files, and checksums the exact bytes', () => {
    const tmp = createTempDir();
    try {
      for (const name of ['20240102000000_b', '20240101000000_a']) {
        mkdirSync(join(tmp.path, name));
        writeFileSync(join(tmp.path, name, 'migration.sql'), `-- ${name}\n`);
      }
      writeFileSync(join(tmp.path, 'migration_lock.toml'), 'provider = "postgresql"\n');
      const files = readMigrations(tmp.path);
      assert.deepEqual(
        files.map((file) => file.name),
        ['20240101000000_a', '20240102000000_b'],
      );
      assert.equal(files[0]?.checksum, createHash('sha256').update('-- 20240101000000_a\n').digest('hex'));

      mkdirSync(join(tmp.path, '20240103000000_empty'));
      assert.throws(() => readMigrations(tmp.path), MigrationScriptMissingError);
    } finally {
      tmp.remove();
    }
  });

  test("checksums follow Prisma's rules: sha256 hex, line-ending agnostic, legacy unpadded hex accepted", () => {
    // The value prisma-engines' own unit test expects for "hello".
    assert.equal(migrationChecksum('hello'), '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    const lf = 'ab\ncd\nef\n';
    const crlf = 'ab\r\ncd\r\nef\r\n';
    assert.ok(checksumMatches(lf, migrationChecksum(crlf)));
    assert.ok(checksumMatches(crlf, migrationChecksum(lf)));
    assert.ok(!checksumMatches('abc\n', migrationChecksum('abc')));
    // Early Prisma wrote bytes with `{:x}`, dropping leading zeros; such rows must still match.
    const script = 'a\nb\n';
    const digest = createHash('sha256').update(script).digest();
    const legacy = [...digest].map((byte) => byte.toString(16)).join('');
    assert.ok(legacy.length < 64, 'this input happens to hash to a byte below 0x10');
    assert.ok(checksumMatches(script, legacy));
    assert.ok(!checksumMatches('a\nc\n', legacy));
  });
});
