/**
 * Env fragments every app shares, defined once: service URLs that say what is wrong with them, and timer settings
 * with bounds. Messages never repeat the URL itself (it may hold a password); parseEnv prefixes the variable name.
 */
import { z } from 'zod';

/**
 * The longest delay Node.js timers accept (2^31 − 1 ms, ~24.8 days). A longer one is not an error to Node: it
 * warns (TimeoutOverflowWarning) and fires after 1 ms, so a lock renewal, stall check, reconcile pass or lease
 * renewal set to 1e15 ran every millisecond (a scheduler at 55% of a core, a worker sending 1,640 Redis commands/s).
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A duration in whole milliseconds from `minMs` to `maxMs` (at most MAX_TIMER_MS). The minimum is the caller's: the
 * shortest setting that is not a busy loop for what the timer drives.
 */
export function durationMs(minMs: number, maxMs: number = MAX_TIMER_MS) {
  const bound = Math.min(maxMs, MAX_TIMER_MS);
  const message = `must be a whole number of milliseconds from ${minMs} to ${bound}${bound === MAX_TIMER_MS ? ' (2^31-1, the longest timer Node.js can wait)' : ''}`;
  return z.coerce.number({ error: message }).int(message).min(minMs, message).max(bound, message);
}

export interface UrlRules {
  /** Accepted schemes without the colon, the first one named in messages. */
  schemes: readonly string[];
  /** A well-formed example, shown with every problem. */
  example: string;
  /** The host may come from a `host=` query parameter instead (libpq and node-postgres: Unix sockets). */
  hostParameter?: boolean;
  /** The path is a database number (Redis: `/0`, `/1`, ...). */
  numberedDatabase?: boolean;
}

export const POSTGRES_URL: UrlRules = {
  schemes: ['postgresql', 'postgres'],
  example: 'postgresql://user:password@host:5432/database',
  hostParameter: true,
};
export const REDIS_URL: UrlRules = {
  schemes: ['redis', 'rediss'],
  example: 'redis://[:password@]host:6379[/db]',
  numberedDatabase: true,
};

/**
 * What is wrong with `value` as a URL of one of `rules.schemes`, or null. Parsed by hand before `new URL`, because
 * WHATWG URL rejects a port of 99999 and a URL with no scheme alike with "Invalid URL", and the user needs to know
 * which part to fix.
 */
export function urlProblem(value: string, rules: UrlRules): string | null {
  const expected = `expected ${rules.schemes.map((scheme) => `${scheme}://`).join(' or ')}..., e.g. ${rules.example}`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1];
  if (scheme === undefined) return `is not a URL (no scheme); ${expected}`;
  if (!rules.schemes.includes(scheme.toLowerCase())) return `has scheme ${scheme}:, ${expected}`;
  const rest = value.slice(scheme.length + 1);
  if (!rest.startsWith('//')) return `has no //host part; ${expected}`;
  const authority = /^\/\/([^/?#]*)/.exec(rest)?.[1] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const ipv6 = /^\[[^\]]*\]/.exec(hostPort)?.[0];
  const host = ipv6 ?? hostPort.split(':')[0] ?? '';
  const afterHost = hostPort.slice(host.length);
  if (host === '' && !(rules.hostParameter === true && /[?&]host=/.test(rest))) return `has no host; ${expected}`;
  if (afterHost !== '') {
    const port = afterHost.slice(1);
    if (!afterHost.startsWith(':') || !/^\d+$/.test(port)) {
      // `postgresql://u:pa/ss@db/x` reads as host "u", port "pa": an unencoded / ? or # in a password ends the
      // host. The "port" is then part of the password, so it is not repeated.
      if (rest.slice(2 + authority.length).includes('@'))
        return `has a / ? or # in its user name or password: percent-encode them (%2F %3F %23); ${expected}`;
      return `has port "${port}", which is not a number; ${expected}`;
    }
    const number = Number(port);
    if (number < 1 || number > 65_535) return `has port ${number}, outside 1-65535`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a valid URL (spaces, and @ : / ? # % in a user name or password, must be percent-encoded); ${expected}`;
  }
  if (rules.numberedDatabase === true && url.pathname.length > 1) {
    const db = url.pathname.slice(1);
    // Which numbers exist is the server's setting (`databases`, 16 by default): asked when connecting (queue's
    // redis-probe.ts), since a static bound would refuse a server configured with more.
    if (!/^\d+$/.test(db))
      return `names database "${db}"; a Redis database is a number (the path /0, /1, ...), e.g. ${rules.example}`;
  }
  return null;
}

/** A zod string schema that refuses anything `urlProblem` finds wrong. */
export function serviceUrl(rules: UrlRules) {
  return z.string().superRefine((value, context) => {
    const problem = urlProblem(value, rules);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });
}

/** BullMQ's key prefix when CELLSWEEP_QUEUE_PREFIX is unset; producers, consumers and event readers share it. */
export const DEFAULT_QUEUE_PREFIX = 'cellsweep';

/**
 * Where the services are, validated the same way in every app that reads them: the scheduler and the worker require
 * them (spread as is), the CLI and the dashboard make the URLs optional (the embedded store needs neither).
 */
export const serviceEnv = {
  DATABASE_URL: serviceUrl(POSTGRES_URL),
  REDIS_URL: serviceUrl(REDIS_URL),
  CELLSWEEP_QUEUE_PREFIX: z.string().min(1).default(DEFAULT_QUEUE_PREFIX),
};

/**
 * CELLSWEEP_PLUGINS: the operator's allow-list of plugin-cell modules, comma-separated npm package names (installed
 * next to cellsweep) or paths to modules on this machine. Only these are ever imported; a spec can only name the
 * cells they provide (`plugin:<name>`). Read by every app that plans or trains (cli, scheduler, worker).
 */
export const cellPluginModules = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  .pipe(z.array(z.string().regex(/^[^\s]+$/, 'a module name or path has no spaces; separate modules with commas')));

/** 10 GB: ten 1 GB data files (the default upload limit) or, parsed, ~20 of them. */
export const DEFAULT_DATASET_CACHE_MAX_BYTES = 10_000_000_000;

/**
 * The machine's data-file cache, shared by the CLI's embedded runner and the workers: raw copies fetched from the
 * store (workers) and parsed data files (both), so a file is parsed once per machine.
 */
export const datasetCacheEnv = {
  CELLSWEEP_DATASET_CACHE_DIR: z.string().min(1).optional(),
  XDG_CACHE_HOME: z.string().min(1).optional(),
  /** The folder's size cap: least recently used files beyond it are evicted (never one in use). */
  CELLSWEEP_DATASET_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .default(DEFAULT_DATASET_CACHE_MAX_BYTES),
};

/** CELLSWEEP_DATASET_CACHE_DIR, else `$XDG_CACHE_HOME/cellsweep/datasets`, else `<home>/.cache/cellsweep/datasets`. */
export function datasetCacheDir(
  env: { CELLSWEEP_DATASET_CACHE_DIR?: string | undefined; XDG_CACHE_HOME?: string | undefined },
  home: string,
): string {
  return env.CELLSWEEP_DATASET_CACHE_DIR ?? `${env.XDG_CACHE_HOME ?? `${home}/.cache`}/cellsweep/datasets`;
}
