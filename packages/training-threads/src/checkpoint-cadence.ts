/**
 * When an attempt stores the checkpoint its thread hands over after every epoch (issue 17). Every epoch was the rule,
 * and at 100 workers it is one Postgres's whole write bandwidth: an LSTM H=256 (271k parameters) checkpoints 3.3 MB
 * with Adam's moments, so at 1-10 s per epoch 100 workers push 33-330 MB/s (docs/distributed.md has the measured
 * figures). So the attempt keeps the newest checkpoint in memory and stores it:
 * - at most once per `minIntervalMs`, and no sooner than `bytes / maxBytesPerSec` after the last write (bigger
 *   models checkpoint less often: each worker's checkpoint traffic is bounded whatever the model size);
 * - always when the attempt ends without its result: hand-back, shutdown, deadline, a crashed thread;
 * - always after the last epoch of an ASHA rung below the top, which the next rung continues from.
 * A worker that dies without a word (SIGKILL, power) leaves an older checkpoint: the next attempt redoes the epochs
 * since, and ends bit for bit where this one would have (resume is exact), just later.
 */

export interface CheckpointCadence {
  /** At most one checkpoint write per this many milliseconds; 0 stores every epoch's. */
  minIntervalMs: number;
  /** Bytes per second of checkpoint writes one attempt may average; null: no size bound. */
  maxBytesPerSec: number | null;
}

/** Every epoch's checkpoint, as before issue 17 (the embedded runner, tests that kill a trial after epoch 1). */
export const EVERY_EPOCH: CheckpointCadence = { minIntervalMs: 0, maxBytesPerSec: null };

/** Decides, epoch by epoch, whether the newest checkpoint is stored now or held back. */
export class CheckpointSchedule {
  private nextWriteAt: number;

  constructor(
    private readonly cadence: CheckpointCadence,
    startedAt: number,
  ) {
    this.nextWriteAt = startedAt + cadence.minIntervalMs;
  }

  /** Whether a checkpoint handed over at `now` is due to be stored. */
  due(now: number): boolean {
    return now >= this.nextWriteAt;
  }

  /** A checkpoint of `bytes` was stored at `now`: the next one waits the interval, or longer for a big one. */
  written(now: number, bytes: number): void {
    const { minIntervalMs, maxBytesPerSec } = this.cadence;
    const sizeMs = maxBytesPerSec === null ? 0 : (bytes / maxBytesPerSec) * 1000;
    this.nextWriteAt = now + Math.max(minIntervalMs, sizeMs);
  }
}
