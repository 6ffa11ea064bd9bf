/**
 * How long a client may take and how much of the server it may hold. Before these, incomplete requests were never
 * timed out: 1,100 idle connections (no token needed) made the dashboard unreachable for 40 s at a 1,024 open-file
 * limit, and 500 live streams cost 58% of a core with no per-client limit (issue 14, defect 2).
 */
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** A client has this long to send its request headers (slowloris), then the connection is closed. */
  headersTimeoutMs: number;
  /** ...and this long for the whole request. */
  requestTimeoutMs: number;
  /** How often Node checks the two timeouts above (its default, 30 s, lets idle sockets pile up between checks). */
  checkIntervalMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed (live streams send a heartbeat every 15 s). */
  idleTimeoutMs: number;
  /** Open connections in all (kept below the usual 1,024 open-file limit, which the store and files share). */
  maxConnections: number;
  /** Open connections per client address: one client cannot take every slot. */
  maxConnectionsPerClient: number;
  /** Live-update (SSE) streams in all, and per client address: each polls the store once a second. */
  maxLiveStreams: number;
  maxLiveStreamsPerClient: number;
}

/**
 * Timeouts are generous because a busy event loop counts against the client: Node starts the header clock at the
 * first byte it parses, so a loop blocked for seconds (the embedded store runs queries on it; a shared 2-core machine
 * at load 10-25 stretches them) with the rest of a request still unread looks like a slow client. With 10 s header
 * and 5 s keep-alive timeouts, 200 requests in flight right after start-up got 2-14 resets or 408s out of ~250 on
 * that machine; the caps below, not short timeouts, are what keep idle connections from taking every slot.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 60_000,
  checkIntervalMs: 1_000,
  keepAliveTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  maxConnections: 768,
  maxConnectionsPerClient: 256,
  maxLiveStreams: 100,
  maxLiveStreamsPerClient: 8,
};

/** The parts of the limits that Node's HTTP server applies itself (passed to Fastify as `http`). */
export function httpServerOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };
}

/**
 * Closes a new connection at once when the server or its client already holds its share, and one that has sent
 * nothing within the header timeout: Node's own header timeout only starts with the first byte (measured: a silent
 * connection stayed open past 8 s with a 1 s `headersTimeout`).
 */
export function capConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  const perClient = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? 'unknown';
    const open = perClient.get(client) ?? 0;
    if (open >= limits.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    perClient.set(client, open + 1);
    // Checked after the next I/O turn (setImmediate), so bytes already waiting when a busy event loop wakes up
    // are read first: a slow loop must not cost a client its request.
    const silent = setTimeout(() => {
      setImmediate(() => {
        if (socket.bytesRead === 0) socket.destroy();
      });
    }, limits.headersTimeoutMs).unref();
    socket.once('close', () => {
      clearTimeout(silent);
      const left = (perClient.get(client) ?? 1) - 1;
      if (left <= 0) perClient.delete(client);
      else perClient.set(client, left);
    });
  });
}
