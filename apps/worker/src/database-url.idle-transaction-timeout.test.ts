import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withIdleTransactionTimeout } from './database-url.js';

test('the timeout is added to the startup options, keeping the rest of the URL', () => {
  const url = new URL(
    withIdleTransactionTimeout('postgresql://u:p%40ss@db.example:5433/cellsweep?sslmode=require', 1000),
  );
  assert.equal(url.username, 'u');
  assert.equal(url.password, 'p%40ss');
  assert.equal(url.host, 'db.example:5433');
  assert.equal(url.pathname, '/cellsweep');
  assert.equal(url.searchParams.get('sslmode'), 'require');
  assert.equal(url.searchParams.get('options'), '-c idle_in_transaction_session_timeout=1000');
});

test('options already in the URL are kept; a timeout set there wins', () => {
  const other = new URL(withIdleTransactionTimeout('postgresql://db/x?options=-c%20statement_timeout%3D5000', 30_000));
  assert.equal(
    other.searchParams.get('options'),
    '-c statement_timeout=5000 -c idle_in_transaction_session_timeout=30000',
  );
  const own = 'postgresql://db/x?options=-c%20idle_in_transaction_session_timeout%3D0';
  assert.equal(withIdleTransactionTimeout(own, 30_000), own);
});
