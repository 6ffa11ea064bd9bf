/**
 * Retrying store calls through short outages. Errors of the store's own classes (`StoreError`: not found, not
 * runnable) are answers, never retried; anything else (connection refused or reset, pool timeouts) is treated as
 * transient and retried with doubling delays until `budgetMs` is spent. What still fails then goes to BullMQ,
 * whose job-level backoff gives the outage more time (see the catalog).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '@cellsweep/store';
import { StoreUnavailableError } from './errors.js';

export interface RetryOptions {
  /** Total time to keep retrying. */
  budgetMs: number;
  /** Called before each retry (for logs). */
  onRetry?: (operation: string, tries: number, error: unknown) => void;
}

export async function withStoreRetry<T>(operation: string, call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const startedAt = performance.now();
  let delayMs = 100;
  for (let tries = 1; ; tries++) {
    try {
      return await call();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const elapsedMs = performance.now() - startedAt;
      if (elapsedMs + delayMs > options.budgetMs) throw new StoreUnavailableError(operation, tries, elapsedMs, error);
      options.onRetry?.(operation, tries, error);
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 5_000);
    }
  }
}
