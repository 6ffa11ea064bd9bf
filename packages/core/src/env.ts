/**
 * Reading an app's environment with a zod schema: empty values count as unset (`FOO= cmd` is common), and every
 * problem is reported with the variable's name. Each app keeps its own schema in its env.ts; this is the shared
 * mechanics. Takes the variables as an argument, so it never reads process.env itself.
 */
import { CellsweepError } from './cellsweep-error.js';
import type { z } from 'zod';

export class InvalidEnvironmentError extends CellsweepError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid environment:\n  ${problems.join('\n  ')}`);
  }
}

export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  source: Record<string, string | undefined>,
): z.output<Schema> {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    throw new InvalidEnvironmentError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return parsed.data;
}
