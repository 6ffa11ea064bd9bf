/**
 * Which of many job ids have no job, or a finished one: the scheduler's reconcile pass asks this for every open
 * trial of every running sweep. Three pipelined commands per id (EXISTS, ZSCORE completed, ZSCORE failed) cost
 * 300,000 commands for a 100k-trial sweep, ~2.5 s of a pass, repeated every reconcile interval while the sweep ran.
 * One script call per chunk runs the same three lookups inside Redis and answers only for the ids that matter
 * (normally none), so a pass over 100k open trials moves a few hundred kilobytes of ids one way instead of a
 * 300,000-reply pipeline both ways.
 */
import type { Redis } from 'ioredis';

const FINISHED_OR_MISSING = `
local rcall = redis.call
local prefix = ARGV[1]
local out = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  if rcall("EXISTS", prefix .. id) == 0 then
    out[#out + 1] = id
    out[#out + 1] = "missing"
  elseif rcall("ZSCORE", KEYS[1], id) then
    out[#out + 1] = id
    out[#out + 1] = "completed"
  elseif rcall("ZSCORE", KEYS[2], id) then
    out[#out + 1] = id
    out[#out + 1] = "failed"
  end
end
return out
`;

export type FinishedOrMissing = 'missing' | 'completed' | 'failed';

export type JobStatesClient = Redis & { cellsweepFinishedOrMissing(...args: string[]): Promise<string[]> };

/** Registers the script on `redis`. */
export function withJobStates<R extends Redis>(redis: R): R & JobStatesClient {
  redis.defineCommand('cellsweepFinishedOrMissing', { numberOfKeys: 2, lua: FINISHED_OR_MISSING });
  return redis as R & JobStatesClient;
}

/** The ids of `jobIds` without a job (`missing`) or with a completed or failed one; live jobs are left out. */
export async function finishedOrMissing(
  redis: JobStatesClient,
  keys: { prefix: string; completed: string; failed: string },
  jobIds: readonly string[],
  chunkSize: number,
): Promise<Map<string, FinishedOrMissing>> {
  const replies: Promise<string[]>[] = [];
  for (let start = 0; start < jobIds.length; start += chunkSize) {
    replies.push(
      redis.cellsweepFinishedOrMissing(
        keys.completed,
        keys.failed,
        keys.prefix,
        ...jobIds.slice(start, start + chunkSize),
      ),
    );
  }
  const states = new Map<string, FinishedOrMissing>();
  for (const reply of await Promise.all(replies)) {
    for (let i = 0; i + 1 < reply.length; i += 2) states.set(reply[i] as string, reply[i + 1] as FinishedOrMissing);
  }
  return states;
}
