/**
 * Live progress of a running sweep: Server-Sent Events (`/events`, what the web UI uses; EventSource reconnects by
 * itself) and the same delta for polling clients (`/changes?since=`). One indexed probe per stream per second.
 */
import type { FastifyInstance } from 'fastify';
import { ChangeTracker } from '../live-changes.js';
import { LIVE_HEARTBEAT_MS, LIVE_POLL_MS } from '../limits.js';
import { sinceParam } from '../query-params.js';
import { requireSweep, type Query, type RouteContext } from './context.js';

export function registerLiveRoutes(app: FastifyInstance, { store, cache, liveSlots }: RouteContext): void {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of [...open]) end();
  });

  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/changes', async (request) => {
    const sweep = await requireSweep(store, request.params.sweep);
    const since = sinceParam(request.query.since) ?? new Date(0);
    const tracker = new ChangeTracker(store, cache, sweep, since);
    return (await tracker.poll()) ?? { trials: [], cursor: tracker.cursor.toISOString() };
  });

  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/events', async (request, reply) => {
    const sweep = await requireSweep(store, request.params.sweep);
    const since = sinceParam(request.query.since) ?? new Date();
    const tracker = new ChangeTracker(store, cache, sweep, since);
    const slot = liveSlots.take(request.socket.remoteAddress ?? 'unknown');
    if ('problem' in slot) {
      return reply.code(429).header('retry-after', '30').send({ error: 'too_many_streams', message: slot.problem });
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ cursor: tracker.cursor.toISOString() })}\n\n`);

    let timer: NodeJS.Timeout | undefined;
    let lastWriteMs = Date.now();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      open.delete(end);
      slot.release();
      raw.end();
    };
    open.add(end);
    request.raw.on('close', end);

    const tick = async () => {
      try {
        const batch = await tracker.poll();
        if (ended) return;
        if (batch) {
          raw.write(`event: changes\ndata: ${JSON.stringify(batch)}\n\n`);
          lastWriteMs = Date.now();
        } else if (Date.now() - lastWriteMs > LIVE_HEARTBEAT_MS) {
          // A comment line keeps proxies from closing an idle stream.
          raw.write(': heartbeat\n\n');
          lastWriteMs = Date.now();
        }
      } catch (error) {
        request.log.warn({ err: error }, 'live poll failed; retrying');
      }
      if (!ended) timer = setTimeout(tick, LIVE_POLL_MS);
    };
    timer = setTimeout(tick, LIVE_POLL_MS);
  });
}
