/**
 * The worker's Postgres sessions end a transaction the worker stopped talking in.
 *
 * The fenced epoch and checkpoint writes are single statements now (store attempts.ts), but any transaction of
 * several round trips whose first statement locks the trial's row holds that lock until COMMIT (they were such
 * transactions, and that is how this was found; the guard stays for every transaction a worker may run). A worker paused between those round trips
 * (SIGSTOP, a frozen VM, a long stop-the-world pause) or cut off without its socket closing leaves its session "idle
 * in transaction" with the row locked, and Postgres keeps it so as long as the connection stays up: forever for a
 * stopped process, about two hours of TCP keepalive for a vanished host. Its job's BullMQ lock expires meanwhile and
 * another worker takes the job over, but that worker's attempt start (`SELECT ... FOR UPDATE` on the same row) waits
 * behind the lock: the trial never runs again until the paused worker wakes up.
 *
 * `idle_in_transaction_session_timeout` makes Postgres end such a session (rolling back, releasing the row lock)
 * once it has been idle inside a transaction for as long as the worker's job lock lasts: by then the job is someone
 * else's anyway, by BullMQ's own rule. A live worker is never idle that long mid-transaction (it only waits on
 * Postgres's replies there), and if it were, the write fails as on a dropped connection and is retried under the
 * fence. When the paused worker wakes up, its retried write is refused by the fence.
 */
const SETTING = 'idle_in_transaction_session_timeout';

/**
 * `databaseUrl` with `-c idle_in_transaction_session_timeout=<timeoutMs>` added to its `options` parameter (the
 * startup options libpq and node-postgres send to the server), unless the URL sets that parameter already.
 */
export function withIdleTransactionTimeout(databaseUrl: string, timeoutMs: number): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get('options') ?? '';
  if (options.includes(SETTING)) return databaseUrl;
  const setting = `-c ${SETTING}=${Math.max(1, Math.round(timeoutMs))}`;
  url.searchParams.set('options', options.trim() === '' ? setting : `${options} ${setting}`);
  return url.toString();
}
