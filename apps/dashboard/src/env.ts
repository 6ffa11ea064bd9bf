/** The dashboard's environment, read in one place. `cellsweep dashboard` calls `readDashboardEnv()` and lets flags win. */
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseEnv, serviceEnv } from '@cellsweep/core';
import { tokenProblem } from './token.js';

/** 127.0.0.1 unless told otherwise: results stay on this machine until someone decides to share them. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4600;

const Env = z.object({
  CELLSWEEP_HOME: z.string().min(1).default('.cellsweep'),
  DATABASE_URL: serviceEnv.DATABASE_URL.optional(),
  // 16 characters at least: the token is the only thing between the network and the results.
  CELLSWEEP_DASHBOARD_TOKEN: z
    .string()
    .superRefine((token, context) => {
      const problem = tokenProblem(token);
      if (problem !== null) context.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  CELLSWEEP_DASHBOARD_HOST: z.string().min(1).default(DEFAULT_HOST),
  CELLSWEEP_DASHBOARD_PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PORT),
});

export interface DashboardEnv {
  /** $CELLSWEEP_HOME: the embedded store lives in `db/`, the generated token in `dashboard-token`. */
  home: string;
  databaseUrl: string | undefined;
  /** A token chosen by the operator; when absent one is generated and persisted in `home`. */
  token: string | undefined;
  host: string;
  port: number;
}

export function readDashboardEnv(source: NodeJS.ProcessEnv = process.env): DashboardEnv {
  const env = parseEnv(Env, source);
  return {
    home: resolve(env.CELLSWEEP_HOME),
    databaseUrl: env.DATABASE_URL,
    token: env.CELLSWEEP_DASHBOARD_TOKEN,
    host: env.CELLSWEEP_DASHBOARD_HOST,
    port: env.CELLSWEEP_DASHBOARD_PORT,
  };
}
