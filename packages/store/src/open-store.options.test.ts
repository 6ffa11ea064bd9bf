import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreOptionsError } from './errors.js';
import { openStore, redactUrl } from './open-store.js';

test('redactUrl hides passwords in the userinfo and in query parameters', () => {
  assert.equal(
    redactUrl('postgresql://app:s3cret@db.internal:5432/cellsweep?sslmode=require'),
    'postgresql://app:***@db.internal:5432/cellsweep?sslmode=require',
  );
  assert.equal(redactUrl('postgres://app@db/cellsweep?password=s3cret'), 'postgres://app@db/cellsweep?password=***');
  assert.equal(redactUrl('postgresql://postgres@127.0.0.1:5432/test'), 'postgresql://postgres@127.0.0.1:5432/test');
  assert.ok(!redactUrl('not a url with s3cret').includes('s3cret'));
});

test('openStore needs a database URL or a data folder, and only accepts postgres URLs', async () => {
  await assert.rejects(openStore({}), StoreOptionsError);
  await assert.rejects(openStore({ databaseUrl: 'mysql://root:s3cret@localhost/db' }), (error: unknown) => {
    assert.ok(error instanceof StoreOptionsError);
    assert.ok(!error.message.includes('s3cret'));
    return true;
  });
});
