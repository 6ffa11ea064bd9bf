/**
 * Guards that run before any route: state-changing requests must come from the dashboard's own pages, and no
 * parameter may hold a NUL byte (Postgres text cannot; it used to surface as a 500, issue 14, defect 10).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request is refused, or null. SameSite=Strict does not stop a page on another port of the same
 * host (same site, other origin) from posting /logout (issue 14, defect 12). Browsers say where a request comes
 * from in Sec-Fetch-Site (pages cannot forge it); older ones only in Origin, which must then name this very
 * host:port. Our own pages send `Origin: null` under `Referrer-Policy: no-referrer`, so Sec-Fetch-Site is asked
 * first. Clients that send neither (curl, scripts) are not browsers and cannot be driven by another page.
 */
export function crossOriginProblem(request: FastifyRequest): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' ? null : `Sec-Fetch-Site is ${site.slice(0, 40)}`;
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return null;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  return host !== null && host === request.headers.host ? null : `Origin ${origin.slice(0, 200)} is not this dashboard`;
}

/** Every string in a parsed query, path or form body, with the name of its parameter. */
function* namedStrings(prefix: string, value: unknown): Generator<[string, string]> {
  if (typeof value === 'string') yield [prefix, value];
  else if (Array.isArray(value)) for (const item of value) yield* namedStrings(prefix, item);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield [`${prefix}${key} (name)`, key];
      yield* namedStrings(`${prefix}${key}`, item);
    }
  }
}

export function nulProblems(request: FastifyRequest): string[] {
  const problems: string[] = [];
  const sources = { '': request.params, 'query.': request.query, 'form.': request.body };
  for (const [prefix, source] of Object.entries(sources)) {
    for (const [name, text] of namedStrings(prefix, source)) {
      if (text.includes('\0')) problems.push(`${name}: contains a NUL byte (%00); no name, id or filter holds one`);
    }
  }
  return problems;
}

export function registerRequestGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const problem = crossOriginProblem(request);
    if (problem === null) return;
    return reply.code(403).send({ error: 'forbidden', message: `cross-origin ${request.method} refused: ${problem}` });
  });
  app.addHook('preHandler', async (request) => {
    const problems = nulProblems(request);
    if (problems.length > 0) throw new BadRequestError(problems);
  });
}
