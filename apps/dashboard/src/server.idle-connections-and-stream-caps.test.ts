import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '@cellsweep/store';
import { createTestDatabase, type TestDatabase } from '@cellsweep/store/testing';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './connection-limits.js';
import { buildDashboardServer } from './server.js';
import { seedSweep } from './test-fixtures.js';
import { authHeaders, TEST_TOKEN } from './test-server.js';

// Issue 14, defect 2: incomplete requests were never timed out (1,100 idle connections made the dashboard
// unreachable for 40 s), and live-update streams had no cap. These open idle connections and streams against the
// real server; the limits are scaled down so the test takes seconds, and the defaults are checked separately.

const LIMITS: ConnectionLimits = {
  ...DEFAULT_CONNECTION_LIMITS,
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 1_000,
  checkIntervalMs: 200,
  keepAliveTimeoutMs: 500,
  maxConnectionsPerClient: 40,
  maxLiveStreams: 5,
  maxLiveStreamsPerClient: 3,
};
/** A second loopback address (Linux routes all of 127/8 to lo): a different client to the server. */
const OTHER_CLIENT = '127.0.0.2';

interface Idle {
  socket: Socket;
  closedAtMs: Promise<number>;
}

function openIdle(port: number, localAddress?: string, send = ''): Promise<Idle> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) });
    const closedAtMs = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
    socket.on('error', () => {});
    socket.resume(); // read what the server sends (a 408), so its close reaches us
    socket.once('connect', () => {
      if (send) socket.write(send);
      resolve({ socket, closedAtMs });
    });
    socket.once('error', reject);
  });
}

/** Opens an SSE stream over a raw socket (fetch cannot pick a local address) and reads its status line. */
interface OpenedStream {
  status: number;
  head: string;
  close(): void;
}

async function openStream(url: string, localAddress?: string): Promise<OpenedStream> {
  const target = new URL(url);
  const { socket } = await openIdle(Number(target.port), localAddress);
  const headers = Object.entries(authHeaders())
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const head = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\r\n\r\n')) resolve(text);
    });
  });
  socket.write(`GET ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\n${headers}\r\n`);
  const text = await head;
  return { status: Number(text.split(' ')[1]), head: text, close: () => socket.destroy() };
}

describe('connection timeouts and caps hold against idle connections and many streams', () => {
  let database: TestDatabase;
  let store: Store;
  let app: FastifyInstance;
  let port: number;
  let sweepId: string;
  before(async () => {
    database = await createTestDatabase();
    store = await openStore({ databaseUrl: database.url });
    sweepId = (await seedSweep(store, 'streams', { epochs: 1, gradients: false })).sweep.id;
    app = await buildDashboardServer({ store, token: TEST_TOKEN, limits: LIMITS });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  after(async () => {
    await app.close();
    await store.close();
    await database.drop();
  });

  test('the defaults are on the real server', async () => {
    const plain = await buildDashboardServer({ store, token: TEST_TOKEN });
    try {
      assert.equal(plain.server.headersTimeout, 30_000);
      assert.equal(plain.server.requestTimeout, 60_000);
      assert.equal(plain.server.keepAliveTimeout, 30_000);
      assert.equal(plain.server.timeout, 120_000);
      assert.equal(plain.server.maxConnections, 768);
    } finally {
      await plain.close();
    }
  });

  test('idle and dripping connections are closed after the header timeout; the server keeps answering', async () => {
    const started = Date.now();
    const idle = await Promise.all(Array.from({ length: 30 }, () => openIdle(port)));
    // Slowloris: a request line and one header, then nothing.
    const drip = 'GET / HTTP/1.1\r\nx: ';
    const dripping = await Promise.all(Array.from({ length: 5 }, () => openIdle(port, undefined, drip)));
    const response = await fetch(`http://127.0.0.1:${port}/api/sweeps`, { headers: authHeaders() });
    assert.equal(response.status, 200);
    const closed = await Promise.race([
      Promise.all([...idle, ...dripping].map((s) => s.closedAtMs)),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 8_000)),
    ]);
    const open = [...idle, ...dripping].map((s, i) => (s.socket.destroyed ? -1 : i)).filter((i) => i >= 0);
    assert.ok(closed !== null, `every idle connection was closed by the server within 8 s; open: ${open.join(', ')}`);
    const latestMs = Math.max(...closed) - started;
    assert.ok(latestMs < LIMITS.headersTimeoutMs + LIMITS.checkIntervalMs + 2_000, `closed after ${latestMs} ms`);
  });

  test('one client cannot hold more than its share of connections; another client still gets in', async () => {
    const count = LIMITS.maxConnectionsPerClient + 10;
    const flood = await Promise.all(Array.from({ length: count }, () => openIdle(port, OTHER_CLIENT)));
    try {
      // The ones beyond the share are closed at once, long before the header timeout.
      const soon = new Promise<null>((resolve) => setTimeout(() => resolve(null), 300));
      const quick = await Promise.all(flood.map((s) => Promise.race([s.closedAtMs, soon])));
      assert.equal(quick.filter((at) => at !== null).length, 10);
      const response = await fetch(`http://127.0.0.1:${port}/api/sweeps`, { headers: authHeaders() });
      assert.equal(response.status, 200, 'a client from another address is served meanwhile');
    } finally {
      for (const s of flood) s.socket.destroy();
    }
  });

  test('live streams are capped per client and in all; a closed stream frees its slot', async () => {
    const url = `http://127.0.0.1:${port}/api/sweeps/${sweepId}/events`;
    const mine = [];
    for (let i = 0; i < LIMITS.maxLiveStreamsPerClient; i++) mine.push(await openStream(url));
    assert.deepEqual(
      mine.map((s) => s.status),
      [200, 200, 200],
    );
    const fourth = await openStream(url);
    assert.equal(fourth.status, 429);
    assert.match(fourth.head, /this client has 3 live streams open/);
    fourth.close();
    const theirs = [await openStream(url, OTHER_CLIENT), await openStream(url, OTHER_CLIENT)];
    assert.deepEqual(
      theirs.map((s) => s.status),
      [200, 200],
    );
    const overTotal = await openStream(url, OTHER_CLIENT);
    assert.equal(overTotal.status, 429);
    assert.match(overTotal.head, /serves 5 live streams, its limit/);
    overTotal.close();
    mine[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await openStream(url, OTHER_CLIENT);
    assert.equal(again.status, 200, 'the closed stream gave its slot back');
    for (const s of [...mine, ...theirs, again]) s.close();
  });
});
