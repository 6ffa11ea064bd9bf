/**
 * The dashboard's access token: CELLSWEEP_DASHBOARD_TOKEN, else the one persisted in `$CELLSWEEP_HOME/dashboard-token`,
 * else a fresh one written there (mode 0600) so a restart keeps it and bookmarks/scripts keep working.
 * Comparisons are constant-time over fixed-length digests, so neither content nor length leaks through timing.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidTokenError, TokenFileError } from './errors.js';

export const TOKEN_FILE_NAME = 'dashboard-token';

export interface ResolvedToken {
  token: string;
  source: 'environment' | 'file' | 'generated';
  /** The file it came from or was written to (null when from the environment). */
  path: string | null;
}

/**
 * A token must survive being sent as `Authorization: Bearer <token>` (RFC 6750's b64token: letters, digits,
 * `- . _ ~ + /`, then `=` padding) and posted by the login form (4 KB body limit). 16 spaces, a token with a space
 * (Bearer always 401) or a 5,000-character one (login 413) were accepted before (issue 14, defect 13).
 */
export const TOKEN_LENGTH = { min: 16, max: 512 } as const;
const TOKEN_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Why `token` cannot be used, or null when it can. */
export function tokenProblem(token: string): string | null {
  if (token.length < TOKEN_LENGTH.min || token.length > TOKEN_LENGTH.max) {
    return `must be ${TOKEN_LENGTH.min} to ${TOKEN_LENGTH.max} characters (it has ${token.length})`;
  }
  if (TOKEN_CHARS.test(token)) return null;
  const chars = [...token.replace(/=+$/, '')];
  const bad = chars.findIndex((char) => !/^[A-Za-z0-9\-._~+/]$/.test(char));
  if (bad === -1) return 'must hold letters or digits before any = padding';
  const char = chars[bad] ?? '';
  const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const shown = /^[\x21-\x7e]$/.test(char) ? `'${char}'` : codePoint;
  return (
    'may hold only letters, digits and - . _ ~ + / (then = padding at the end); ' +
    `${shown} at position ${bad + 1} is not ` +
    'allowed (generate one with: openssl rand -base64 32 | tr -d =)'
  );
}

/** 32 random bytes, base64url: 256 bits, no characters that need quoting in a header or a shell. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function resolveToken(options: { fromEnv: string | undefined; home: string }): ResolvedToken {
  if (options.fromEnv !== undefined) {
    const problem = tokenProblem(options.fromEnv);
    if (problem !== null) throw new InvalidTokenError('CELLSWEEP_DASHBOARD_TOKEN', problem);
    return { token: options.fromEnv, source: 'environment', path: null };
  }
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
  const problem = tokenProblem(token);
  if (problem !== null) {
    throw new TokenFileError(path, `the token ${problem}; fix it, or delete the file to generate a new token`);
  }
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
