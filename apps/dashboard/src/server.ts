/**
 * The dashboard's HTTP server: auth first, then the read-only JSON API, then the built web UI. Nothing here writes
 * to the store; the only POSTs are /login and /logout, and they must come from this dashboard's own pages.
 */
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Store } from '@cellsweep/store';
import { ExternalAnalysisRunner } from './analysis-hook.js';
import {
  capConnections,
  DEFAULT_CONNECTION_LIMITS,
  httpServerOptions,
  type ConnectionLimits,
} from './connection-limits.js';
import { SCATTER_MAX_POINTS } from './limits.js';
import { LiveStreamSlots } from './live-stream-slots.js';
import { assetsBuilt, DEFAULT_ASSETS_DIR } from './assets.js';
import { registerAuth } from './auth.js';
import { AssetsMissingError, BadRequestError, InvalidTokenError, NotFoundError } from './errors.js';
import { registerCurveRoutes } from './routes/curves.js';
import { registerGradientRoutes } from './routes/gradients.js';
import { registerRequestGuards } from './request-guards.js';
import { registerLiveRoutes } from './routes/live.js';
import { registerSweepRoutes } from './routes/sweeps.js';
import { registerTrialRoutes } from './routes/trials.js';
import { SweepCache } from './sweep-cache.js';
import { tokenProblem } from './token.js';

export interface DashboardServerOptions {
  store: Store;
  token: string;
  /** The built web UI (default: apps/dashboard/web-dist). Without it the API still works and `/` explains why. */
  assetsDir?: string;
  logger?: FastifyServerOptions['logger'];
  /**
   * Where a failed request (500) is reported, whatever `logger` is: one line with the request id that the client
   * was given (default: stderr). Before, a 500 told the client "see the dashboard log" and nothing was logged.
   */
  logInternalError?: (line: string) => void;
  /** Timeouts and caps on connections and live streams (defaults: `DEFAULT_CONNECTION_LIMITS`). */
  limits?: Partial<ConnectionLimits>;
  /** Above this many trials the scatter gets a sample (default `SCATTER_MAX_POINTS`; tests set a small one). */
  scatterMaxPoints?: number;
}

function defaultInternalErrorLog(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Pages may load scripts, styles, images and data from this origin only. Inline styles are allowed because ECharts
 * positions its tooltip with style attributes; inline scripts are not (the UI never builds HTML from data anyway).
 */
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function buildDashboardServer(options: DashboardServerOptions): Promise<FastifyInstance> {
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const tokenIssue = tokenProblem(options.token);
  if (tokenIssue !== null) throw new InvalidTokenError('the token option', tokenIssue);
  const app = Fastify({
    logger: options.logger ?? false,
    // Random ids, so a line in the log names one request even across restarts.
    genReqId: () => randomBytes(6).toString('hex'),
    // Live streams stay open; closing the server must end them instead of waiting forever.
    forceCloseConnections: true,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: httpServerOptions(limits),
  });
  capConnections(app.server, limits);
  await app.register(fastifyCookie);

  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', APP_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  const logInternalError = options.logInternalError ?? defaultInternalErrorLog;
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof BadRequestError)
      return reply.code(400).send({ error: 'bad_request', message: error.message, problems: error.problems });
    if (error instanceof NotFoundError) return reply.code(404).send({ error: 'not_found', message: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.code(status).send({ error: 'bad_request', message: (error as Error).message });
    }
    request.log.error({ err: error }, 'request failed');
    const where = `${request.method} ${request.url.slice(0, 500)}`;
    const detail = (error as Error).stack ?? String(error);
    logInternalError(`cellsweep dashboard: request ${request.id} (${where}) failed: ${detail}`);
    return reply
      .code(500)
      .header('x-request-id', request.id)
      .send({
        error: 'internal',
        message: `internal error (request ${request.id}; the dashboard log has the details)`,
        requestId: request.id,
      });
  });

  registerRequestGuards(app);
  registerAuth(app, options.token);
  const analysis = new ExternalAnalysisRunner();
  app.addHook('onClose', () => analysis.close());
  const liveSlots = new LiveStreamSlots(limits);
  const context = {
    store: options.store,
    cache: new SweepCache(options.store),
    analysis,
    liveSlots,
    scatterMaxPoints: options.scatterMaxPoints ?? SCATTER_MAX_POINTS,
  };
  registerSweepRoutes(app, context);
  registerCurveRoutes(app, context);
  registerGradientRoutes(app, context);
  registerTrialRoutes(app, context);
  registerLiveRoutes(app, context);

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  const assetsDir = options.assetsDir ?? DEFAULT_ASSETS_DIR;
  if (assetsBuilt(assetsDir)) {
    await app.register(fastifyStatic, {
      root: assetsDir,
      prefix: '/',
      index: ['index.html'],
      setHeaders: (res, path) => {
        // Vite fingerprints everything under assets/; index.html must always be revalidated.
        res.header('cache-control', path.includes('/assets/') ? 'private, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    const missing = new AssetsMissingError(assetsDir);
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send(missing.message));
  }
  return app;
}
