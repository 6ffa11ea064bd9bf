import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TokenFileError } from './errors.js';
import { resolveToken, secretsMatch, sessionValue, TOKEN_FILE_NAME } from './token.js';

function withHome(fn: (home: string) => void): void {
  const home = mkdtempSync(join(tmpdir(), 'cellsweep-dash-token-'));
  try {
    fn(home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

test('generates a token on first start, persists it 0600, and returns the same one after a restart', () => {
  withHome((home) => {
    const first = resolveToken({ fromEnv: undefined, home });
    assert.equal(first.source, 'generated');
    assert.ok(first.token.length >= 43);
    const path = join(home, TOKEN_FILE_NAME);
    assert.equal(first.path, path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const second = resolveToken({ fromEnv: undefined, home });
    assert.deepEqual(second, { token: first.token, source: 'file', path });
  });
});

test('the environment wins and nothing is written', () => {
  withHome((home) => {
    const resolved = resolveToken({ fromEnv: 'from-the-environment-123', home });
    assert.deepEqual(resolved, { token: 'from-the-environment-123', source: 'environment', path: null });
    assert.throws(() => readFileSync(join(home, TOKEN_FILE_NAME)), /ENOENT/);
  });
});

test('a truncated token file is refused rather than replaced', () => {
  withHome((home) => {
    writeFileSync(join(home, TOKEN_FILE_NAME), 'abc\n');
    assert.throws(() => resolveToken({ fromEnv: undefined, home }), TokenFileError);
  });
});

test('secrets compare equal only when identical, whatever their lengths', () => {
  assert.equal(secretsMatch('same-secret-value', 'same-secret-value'), true);
  assert.equal(secretsMatch('same-secret-valuE', 'same-secret-value'), false);
  assert.equal(secretsMatch('', 'same-secret-value'), false);
  assert.equal(secretsMatch('same-secret-value-but-longer', 'same-secret-value'), false);
  assert.notEqual(sessionValue('token-one-xxxxxxxx'), sessionValue('token-two-xxxxxxxx'));
  assert.ok(!sessionValue('token-one-xxxxxxxx').includes('token-one'));
});
