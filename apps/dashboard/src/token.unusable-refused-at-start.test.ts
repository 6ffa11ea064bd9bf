import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTempDir } from '@cellsweep/store/testing';
import { readDashboardEnv } from './env.js';
import { InvalidTokenError, TokenFileError } from './errors.js';
import { startDashboard } from './start.js';
import { generateToken, resolveToken, TOKEN_FILE_NAME, tokenProblem } from './token.js';

// Issue 14, defect 13: 16 spaces, a token with a space (Bearer always 401) and a 5,000-character token (login 413)
// were accepted at start-up. Each is refused, saying what is wrong.

const UNUSABLE: [string, RegExp][] = [
  [' '.repeat(16), /' ' at position 1|U\+0020 at position 1/],
  ['correct horse battery staple', /at position 8 is not allowed/],
  ['x'.repeat(5_000), /must be 16 to 512 characters \(it has 5000\)/],
  ['tab\tinside-the-token', /U\+0009 at position 4/],
  ['ünïcode-token-value-1', /U\+00FC at position 1/],
  ['padding=in-the-middle', /'=' at position 8/],
  ['='.repeat(16), /letters or digits before any = padding/],
];

test('unusable tokens are refused by the environment, the token file and the server, naming the problem', async () => {
  for (const [token, reason] of UNUSABLE) {
    assert.match(tokenProblem(token) ?? 'accepted', reason, JSON.stringify(token.slice(0, 30)));
    assert.throws(
      () => readDashboardEnv({ CELLSWEEP_DASHBOARD_TOKEN: token }),
      (error: Error) => {
        assert.match(error.message, /CELLSWEEP_DASHBOARD_TOKEN: /);
        assert.match(error.message, reason);
        return true;
      },
    );
    const home = mkdtempSync(join(tmpdir(), 'cellsweep-dash-token-'));
    try {
      writeFileSync(join(home, TOKEN_FILE_NAME), `${token}\n`);
      // A token file is trimmed (editors add newlines), so only tokens with an inner problem stay refused there.
      if (tokenProblem(token.trim()) !== null) {
        assert.throws(() => resolveToken({ fromEnv: undefined, home }), TokenFileError);
      }
      assert.throws(() => resolveToken({ fromEnv: token, home }), InvalidTokenError);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
});

test('usable tokens pass: generated ones, base64 with padding, and the documented characters', () => {
  for (const token of [generateToken(), 'QUJDREVGR0hJSktMTU5PUA==', 'a-b.c_d~e+f/g-0123456789', 'x'.repeat(512)]) {
    assert.equal(tokenProblem(token), null, token);
  }
});

test('startDashboard refuses a spaced token before opening a store or listening, with one clear line', async () => {
  const dir = createTempDir();
  try {
    const env = { home: dir.path, databaseUrl: undefined, token: ' '.repeat(16), host: '127.0.0.1', port: 0 };
    await assert.rejects(startDashboard({ env, print: () => {} }), /CELLSWEEP_DASHBOARD_TOKEN: the dashboard token/);
    assert.deepEqual(readdirSync(dir.path), [], 'no store was created');
  } finally {
    dir.remove();
  }
});
