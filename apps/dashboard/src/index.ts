/** @cellsweep/dashboard — the result dashboard: a Fastify server with a read-only JSON API and a Vite-built web UI. */
export { buildDashboardServer, type DashboardServerOptions } from './server.js';
export { startDashboard, type RunningDashboard, type StartDashboardOptions } from './start.js';
export { readDashboardEnv, DEFAULT_HOST, DEFAULT_PORT, type DashboardEnv } from './env.js';
export { resolveToken, type ResolvedToken } from './token.js';
export { AssetsMissingError, BadRequestError, InvalidTokenError, NotFoundError, TokenFileError } from './errors.js';
