/**
 * The dashboard's access token: CELLSWEEP_DASHBOARD_TOKEN, else the one persisted in `$CELLSWEEP_HOME/dashboard-token`,
 * else a fresh one written there (mode 0600) so a restart keeps it and bookmarks/scripts keep working.
 * Comparisons are constant-time over fixed-length digests, so neither content nor length leaks through timing.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TokenFileError } from './errors.js';

export const TOKEN_FILE_NAME = 'dashboard-token';

export interface ResolvedToken {
  token: string;
  source: 'environment' | 'file' | 'generated';
  /** The file it came from or was written to (null when from the environment). */
  path: string | null;
}

/** 32 random bytes, base64url: 256 bits, no characters that need quoting in a header or a shell. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function resolveToken(options: { fromEnv: string | undefined; home: string }): ResolvedToken {
  if (options.fromEnv !== undefined) return { token: options.fromEnv, source: 'environment', path: null };
  const path = join(options.home, TOKEN_FILE_NAME);
  const existing = readTokenFile(path);
  if (existing !== null) return { token: existing, source: 'file', path };
  mkdirSync(dirname(path), { recursive: true });
  const token = generateToken();
  try {
    // 'wx': if another dashboard created it a moment ago, use theirs instead of overwriting it.
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = readTokenFile(path);
    if (raced === null) throw new TokenFileError(path, 'created concurrently but empty');
    return { token: raced, source: 'file', path };
  }
  return { token, source: 'generated', path };
}

function readTokenFile(path: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TokenFileError(path, (error as Error).message);
  }
  const token = text.trim();
  if (token.length < 16) throw new TokenFileError(path, 'holds fewer than 16 characters; delete it to generate a new token');
  return token;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time equality of a presented secret with the expected one (hashing first makes lengths equal). */
export function secretsMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The browser session cookie's value: an HMAC of a fixed label under the token. It proves the browser once knew the
 * token without storing the token in the cookie, survives restarts (no session table), and changes when the token does.
 */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('cellsweep-dashboard-session/v1').digest('base64url');
}
