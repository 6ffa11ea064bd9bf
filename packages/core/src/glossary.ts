/**
 * cellsweep's words, each defined once (after graphile/worker's interfaces.ts terminology block). Package docblocks
 * use these terms and point here instead of defining them again.
 *
 * - **sweep**: one submitted spec, found again by its unique `name` (submitting the same name resumes it).
 * - **trial**: one concrete configuration × seed of a sweep. Its **config key** (`trialConfigKey`, a content hash of
 *   everything that affects what it measures) is unique per sweep, and its id is a hash of sweep id + config key, so
 *   re-expanding a spec or enqueueing twice never makes a second trial or job.
 * - **attempt**: one start of a trial, numbered 1, 2, ... in the store. A restart after a crash, a hand-back on
 *   shutdown or a redelivered job is a new attempt; the store accepts epoch rows, checkpoints and the result only
 *   from the attempt currently running (the fence against stalled or doubled workers).
 * - **delivery**: BullMQ handing a job to a worker. BullMQ calls a failed delivery an "attempt" (`attemptsMade`);
 *   here that is a delivery, retried with backoff for transient Redis/Postgres errors. A worker that died holding
 *   the job is a **stall**, bounded by `maxStalledCount`. Each delivery that starts training is a new attempt.
 * - **epoch row**: metrics after one epoch of one attempt; (trial, epoch) is unique, so a replay overwrites itself.
 * - **checkpoint**: the weights and optimizer state after an epoch, from which a later attempt resumes.
 * - **budget**: a target parameter count that fixes each cell's width (`hidden` solved so the counts match).
 * - **backend**: the tfjs backend that ran an attempt (`BACKENDS`); a **backend preference** may also be `auto`.
 * - **setting**: everything about a trial but its seed (what statistics group seeds by); analysis splits it further
 *   into setting and arm (packages/analysis/src/types.ts).
 */
export {};
