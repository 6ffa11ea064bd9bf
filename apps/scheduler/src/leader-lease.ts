/**
 * One acting scheduler per deployment: a lease in Redis (`SET key token NX PX ttl`, renewed every third of the TTL by
 * a compare-and-expire script). Any number of schedulers may run; the one holding the lease acts, the others wait
 * and take over once it expires: a SIGKILLed, SIGSTOPped, crashed or cut-off leader stops renewing, so a standby
 * acts within `ttlMs` plus one poll (at most a second); a leader that stops cleanly deletes the key at once.
 *
 * Why Redis and not a Postgres advisory lock: an advisory lock lives as long as its TCP session, not as long as the
 * process makes progress. A leader paused with SIGSTOP, or whose host vanished without closing its socket, keeps the
 * session (and the lock) open until Postgres's TCP keepalive gives up (two hours by default), and nobody takes over.
 * A lease expires by itself, the same rule BullMQ's job locks follow.
 *
 * The leader checks its lease on its own clock too (`held()`): once `ttlMs` passed since the last successful renewal
 * it presumes the lease lost, even before Redis answers, so a leader that was paused stops acting as soon as it
 * runs again. Every scheduler step is idempotent or compare-and-set in the store, so the short overlap a pause can
 * still cause (a pass already under way when the process was stopped) does no harm; the lease keeps two schedulers
 * from working side by side all the time (racing a `resume`, doubling the Redis and Postgres load of every pass).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';

const RENEW = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

type LeaseClient = Redis & {
  renewLease(key: string, token: string, ttlMs: number): Promise<number>;
  releaseLease(key: string, token: string): Promise<number>;
};

export interface LeaseOptions {
  /** ioredis options (the scheduler passes its fail-fast producer connection's). */
  connection: RedisOptions;
  key: string;
  ttlMs: number;
  log: (line: string) => void;
}

export class LeaderLease {
  /** Identifies this process in Redis (`GET <key>` names the leader). */
  readonly token = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private redis: LeaseClient;
  private renewedAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LeaseOptions) {
    this.redis = this.createClient();
  }

  private createClient(): LeaseClient {
    const redis = new Redis({ ...this.options.connection, lazyConnect: true }) as LeaseClient;
    redis.defineCommand('renewLease', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('releaseLease', { numberOfKeys: 1, lua: RELEASE });
    redis.on('error', () => undefined); // every command's failure is handled where it is sent
    return redis;
  }

  /** True while this process may act: it holds the lease and renewed it less than a TTL ago (on its own clock). */
  held(): boolean {
    return performance.now() - this.renewedAt < this.options.ttlMs;
  }

  /**
   * Waits until this process holds the lease (trying every second, or every fifth of a shorter TTL) or `signal`
   * fires (null then); `onStandby` is called once if the first try fails. Resolves with a promise that settles when
   * the lease is lost afterwards: a renewal refused (the key is gone or someone else's), or none succeeded for a TTL.
   */
  async acquire(signal: AbortSignal, onStandby: () => void = () => undefined): Promise<{ lost: Promise<void> } | null> {
    let tries = 0;
    while (!signal.aborted) {
      const startedAt = performance.now();
      try {
        if (this.redis.status === 'wait') await this.redis.connect();
        if ((await this.redis.set(this.options.key, this.token, 'PX', this.options.ttlMs, 'NX')) === 'OK') {
          this.renewedAt = startedAt;
          return { lost: this.keepRenewing() };
        }
        if (tries === 0) {
          const holder = (await this.redis.get(this.options.key)) ?? 'another scheduler';
          this.options.log(
            `standby: ${holder} holds the leader lease; taking over if it lapses (within ${this.options.ttlMs} ms)`,
          );
        }
      } catch (error) {
        if (tries === 0)
          this.options.log(
            `standby: cannot reach Redis for the leader lease (${error instanceof Error ? error.message : String(error)})`,
          );
      }
      if (tries++ === 0) onStandby();
      await sleep(Math.min(this.options.ttlMs / 5, 1_000), undefined, { signal }).catch(() => undefined);
    }
    return null;
  }

  private keepRenewing(): Promise<void> {
    return new Promise<void>((resolve) => {
      const lose = (why: string): void => {
        clearInterval(this.timer);
        this.timer = undefined;
        this.renewedAt = -Infinity;
        this.options.log(`leader lease lost (${why}): stepping down`);
        resolve();
      };
      this.timer = setInterval(() => {
        if (!this.held()) return lose(`not renewed for ${this.options.ttlMs} ms`);
        const sentAt = performance.now();
        this.redis.renewLease(this.options.key, this.token, this.options.ttlMs).then(
          (renewed) => {
            if (this.timer === undefined) return;
            if (renewed === 1) this.renewedAt = sentAt;
            else lose('its key is gone or another scheduler holds it');
          },
          () => undefined, // Redis unreachable: held() runs out a TTL after the last renewal
        );
      }, this.options.ttlMs / 3);
    });
  }

  /** After `close()`: connect again on the next `acquire`. */
  reconnect(): void {
    this.redis.disconnect(); // status 'end'; acquire() connects when it is 'wait'
    this.redis = this.createClient();
  }

  /**
   * Stops renewing and gives the lease up at once if this process holds it (a clean shutdown: a standby need not
   * wait for the TTL), then disconnects. Call it after this process stopped acting.
   */
  async close(): Promise<void> {
    const wasHeld = this.timer !== undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    this.renewedAt = -Infinity;
    if (wasHeld) await this.redis.releaseLease(this.options.key, this.token).catch(() => undefined);
    this.redis.disconnect();
  }
}
