/**
 * Every request needs the token, except the login form itself. API clients send `Authorization: Bearer <token>`;
 * browsers post the token once to /login and get a session cookie (HttpOnly: scripts cannot read it; SameSite=Strict:
 * other sites cannot make the browser send it, which is also what keeps the cookie from being a CSRF vector).
 * Anything else gets 401: JSON for /api, the login page for pages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOGIN_PAGE_CSP, renderLoginPage, safeNextPath } from './login-page.js';
import { secretsMatch, sessionValue } from './token.js';

export const SESSION_COOKIE = 'cellsweep_session';
/** Browsers keep the session for a week; the token itself never expires (rotate it by changing it). */
const SESSION_MAX_AGE_S = 7 * 24 * 3600;
const LOGIN_BODY_LIMIT_BYTES = 4_096;

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function isAuthenticated(request: FastifyRequest, token: string, session: string): boolean {
  const bearer = bearerToken(request);
  if (bearer !== null) return secretsMatch(bearer, token);
  const cookie = request.cookies[SESSION_COOKIE];
  return typeof cookie === 'string' && secretsMatch(cookie, session);
}

function sendLoginPage(reply: FastifyReply, status: number, next: string, failed: boolean): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', LOGIN_PAGE_CSP)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderLoginPage({ next, failed }));
}

/** Registers the auth hook and the /login, /logout routes. Call before any other route. */
export function registerAuth(app: FastifyInstance, token: string): void {
  const session = sessionValue(token);

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: LOGIN_BODY_LIMIT_BYTES },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/login' && (request.method === 'GET' || request.method === 'POST')) return;
    if (isAuthenticated(request, token, session)) return;
    if (path.startsWith('/api/') || path === '/api' || request.method !== 'GET') {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="cellsweep"')
        .send({ error: 'unauthorized', message: 'send Authorization: Bearer <token>, or sign in at /login' });
    }
    return sendLoginPage(reply, 401, safeNextPath(request.url), false);
  });

  app.get('/login', async (request, reply) => {
    const next = safeNextPath((request.query as Record<string, unknown>).next);
    return sendLoginPage(reply, 200, next, false);
  });

  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = safeNextPath(body.next);
    if (typeof body.token !== 'string' || !secretsMatch(body.token.trim(), token)) {
      return sendLoginPage(reply, 401, next, true);
    }
    return reply
      .setCookie(SESSION_COOKIE, session, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: SESSION_MAX_AGE_S,
      })
      .redirect(next, 303);
  });

  app.post('/logout', async (_request, reply) =>
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/login', 303),
  );
}
