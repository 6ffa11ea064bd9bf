/**
 * What to train: the seam for adaptive search. The scheduler asks the sweep's policy which trials exist when a
 * sweep is (re)expanded, and tells it about every finished trial; a policy may answer with more trials to add.
 * Grid search knows everything up front and never adds. Adaptive search (random, TPE, ASHA, fair mode) plugs in
 * here: @cellsweep/search-driver reads the sweep's stored trials and returns the trials that should exist now, and
 * the scheduler enqueues the new ones exactly like grid trials (content-derived ids, so a repeated decision adds
 * nothing). The embedded runner calls the same driver, so both runners make the same decisions (docs/search.md).
 */
import { validateSweepSpec, type SweepSpec } from '@cellsweep/core';
import type { JobProducer } from '@cellsweep/queue';
import { nextSearchStep, searchView } from '@cellsweep/search-driver';
import type { NewTrial, Store, SweepRecord } from '@cellsweep/store';
import { planTrials, trialId, trialRows } from '@cellsweep/planner';

export interface SearchPolicy {
  readonly name: string;
  /** The trials the sweep starts with. */
  initialTrials(sweep: SweepRecord, spec: SweepSpec): NewTrial[];
  /**
   * Called after trials of the sweep finished; returns trials to add (none for grid search) and the ids of finished
   * trials whose kept checkpoints to release once they are added (ASHA rungs stopped: nothing continues them).
   */
  afterTrialsFinished(sweep: SweepRecord, store: Store): Promise<{ add: NewTrial[]; releaseCheckpoints: string[] }>;
}

export const gridPolicy: SearchPolicy = {
  name: 'grid',
  initialTrials: (sweep, spec) => trialRows(sweep.id, planTrials(spec)),
  afterTrialsFinished: async () => ({ add: [], releaseCheckpoints: [] }),
};

/** Random / TPE search, optionally with ASHA and fair mode: the driver decides from the stored trials. */
export const adaptivePolicy: SearchPolicy = {
  name: 'adaptive',
  initialTrials: (sweep, spec) => trialRows(sweep.id, nextSearchStep(spec, []).plans),
  afterTrialsFinished: async (sweep, store) => {
    const spec = storedSpec(sweep);
    const stored = await store.listTrials(sweep.id);
    const known = new Set(stored.map((trial) => trial.configKey));
    const step = nextSearchStep(spec, stored.map(searchView));
    // Only trials not stored yet: re-adding a finished trial's job id could re-run it once BullMQ dropped the job.
    const add = trialRows(sweep.id, step.plans).filter((trial) => !known.has(trial.configKey));
    return { add, releaseCheckpoints: step.stoppedKeys.map((key) => trialId(sweep.id, key)) };
  },
};

/** The policy for a sweep's spec. */
export function policyFor(spec: SweepSpec): SearchPolicy {
  return spec.search === 'grid' ? gridPolicy : adaptivePolicy;
}

/**
 * Lets an adaptive sweep's policy add trials: reconcile.ts's advanceSweep calls this after queue completion events
 * and on every reconcile pass, so a decision lost with a crashed scheduler (a completion event it never saw) is made
 * on the next pass. Grid sweeps are recognised from the stored JSON without parsing the spec (this runs on every
 * pass). Returns trials added.
 */
export async function addPolicyTrials(
  deps: { store: Store; producer: JobProducer },
  sweep: SweepRecord,
): Promise<number> {
  const search = sweep.spec.search;
  if (search === undefined || search === 'grid') return 0;
  const { add: additions, releaseCheckpoints } = await policyFor(storedSpec(sweep)).afterTrialsFinished(
    sweep,
    deps.store,
  );
  // Inserting a promoted ASHA rung moves its lower rung's checkpoint to it (a store trigger); stopped rungs release
  // theirs after the insert, so a crash in between only leaves them for the next pass.
  const inserted = additions.length === 0 ? 0 : await deps.store.addTrials(sweep.id, additions);
  await deps.store.releaseCheckpoints(releaseCheckpoints);
  if (additions.length === 0) return 0;
  await deps.producer.addBulk(
    'trial.train',
    additions.flatMap((trial) =>
      trial.id ? [{ jobId: trial.id, payload: { sweepId: sweep.id, trialId: trial.id } }] : [],
    ),
  );
  return inserted;
}

/** Re-validates a stored spec (it was validated at submit, but the store is shared with other versions). */
export function storedSpec(sweep: SweepRecord): SweepSpec {
  return validateSweepSpec(sweep.spec, `sweep ${sweep.name}`);
}
