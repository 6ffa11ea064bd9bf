/**
 * Fault injectors for system tests (used by *.test.ts only): a private redis-server that can be killed and
 * restarted (the shared one must never be), and a TCP proxy in front of Postgres that refuses connections on cue
 * or tells the test the moment a given statement was sent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** redis-server on `port`, keeping nothing on disk: a restart loses every key, the harshest case. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      if (await canConnect(this.port)) return;
      await sleep(50);
    }
    throw new Error(`redis-server did not start on ${this.port}`);
  }

  /** SIGKILL: no goodbye to clients, like a crashed or rebooted host. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * A proxy to Postgres. Armed with a byte pattern, it watches what clients send; the first message containing it is
 * never delivered: that connection is cut and the proxy stops listening (connections are refused) for `outageMs`.
 */
export class PostgresProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private trigger: { pattern: Buffer; outageMs: number } | null = null;
  private watch: { pattern: Buffer; onSent: () => void } | null = null;
  /** When the outage began, once it has. */
  trippedAt: number | null = null;
  /** When the message `onceSent` waits for went through, once it has. */
  sentAt: number | null = null;
  outageEnded: Promise<void> | null = null;

  constructor(
    readonly port: number,
    private readonly upstreamPort = 5432,
  ) {}

  /** `url` with its host and port pointed at the proxy. */
  proxiedUrl(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  armOnce(pattern: string, outageMs: number): void {
    this.trigger = { pattern: Buffer.from(pattern), outageMs };
  }

  /**
   * Calls `onSent` once, right after the first client message containing `pattern` is passed on to Postgres, in
   * the same turn: the client cannot have seen Postgres's answer yet (it comes back through this proxy).
   */
  onceSent(pattern: string, onSent: () => void): void {
    this.watch = { pattern: Buffer.from(pattern), onSent };
  }

  async listen(): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.upstreamPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      if (this.trigger && chunk.includes(this.trigger.pattern)) {
        const { outageMs } = this.trigger;
        this.trigger = null;
        this.trippedAt = Date.now();
        drop();
        this.outageEnded = this.outage(outageMs);
        return;
      }
      upstream.write(chunk);
      if (this.watch && chunk.includes(this.watch.pattern)) {
        const { onSent } = this.watch;
        this.watch = null;
        this.sentAt = Date.now();
        onSent();
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  }

  /** Cuts every connection now and refuses new ones for `ms`, then listens again (awaited by `outageEnded`). */
  refuseFor(ms: number): void {
    this.trippedAt = Date.now();
    this.outageEnded = this.outage(ms);
  }

  /** Cuts every connection and refuses new ones for `ms`, then listens again. */
  private async outage(ms: number): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await this.close();
    await sleep(ms);
    await this.listen();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
