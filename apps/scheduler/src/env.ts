/** The scheduler's environment, read in one place (and tested in env.*.test.ts). */
import { z } from 'zod';
import { cellPluginModules, durationMs, parseEnv, serviceEnv } from '@cellsweep/core';

const Env = z.object({
  ...serviceEnv,
  CELLSWEEP_RECONCILE_INTERVAL_MS: durationMs(50).default(15_000),
  CELLSWEEP_LEADER_LEASE_MS: durationMs(300).default(5_000),
  CELLSWEEP_PLUGINS: cellPluginModules.default([]),
});

export interface SchedulerEnv {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  /** How often every unfinished sweep is compared with the queue (the safety net behind queue events). */
  reconcileIntervalMs: number;
  /**
   * The leader lease's TTL: a standby takes over at most this long (plus one retry, ≤ 1 s) after the leader died. It
   * must outlast the leader's longest stall of its event loop (planning a 100k-trial sweep: ~2 s of CPU).
   */
  leaderLeaseMs: number;
  /**
   * Plugin-cell modules (CELLSWEEP_PLUGINS): the scheduler solves every trial's width from its budget, so it loads
   * the same plugins as the workers (only their count and solver run here; they get no tfjs).
   */
  cellPlugins: string[];
}

export function readSchedulerEnv(source: NodeJS.ProcessEnv = process.env): SchedulerEnv {
  const env = parseEnv(Env, source);
  return {
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    prefix: env.CELLSWEEP_QUEUE_PREFIX,
    reconcileIntervalMs: env.CELLSWEEP_RECONCILE_INTERVAL_MS,
    leaderLeaseMs: env.CELLSWEEP_LEADER_LEASE_MS,
    cellPlugins: env.CELLSWEEP_PLUGINS,
  };
}
