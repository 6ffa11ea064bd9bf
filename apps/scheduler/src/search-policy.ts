/**
 * What to train: the seam for adaptive search. The scheduler asks the sweep's policy which trials exist when a
 * sweep is (re)expanded, and tells it about every finished trial; a policy may answer with more trials to add.
 * Grid search knows everything up front and never adds. Early stopping (ASHA, Hyperband) and Bayesian search
 * (a later issue) plug in here: they read completed epochs from the store and return the next trials, and the
 * scheduler enqueues them exactly like grid trials (content-derived ids, so a repeated decision adds nothing).
 */
import { validateSweepSpec, type SweepSpec } from '@cellsweep/core';
import type { NewTrial, Store, SweepRecord } from '@cellsweep/store';
import { planTrials, trialRows } from '@cellsweep/trainer';

export interface SearchPolicy {
  readonly name: string;
  /** The trials the sweep starts with. */
  initialTrials(sweep: SweepRecord, spec: SweepSpec): NewTrial[];
  /** Called after trials of the sweep finished; returns trials to add (none for grid search). */
  afterTrialsFinished(sweep: SweepRecord, store: Store): Promise<NewTrial[]>;
}

export const gridPolicy: SearchPolicy = {
  name: 'grid',
  initialTrials: (sweep, spec) => trialRows(sweep.id, planTrials(spec)),
  afterTrialsFinished: async () => [],
};

/** The policy for a sweep's spec (only grid so far: `search: grid` is the only value the spec accepts). */
export function policyFor(spec: SweepSpec): SearchPolicy {
  switch (spec.search) {
    case 'grid':
      return gridPolicy;
  }
}

/** Re-validates a stored spec (it was validated at submit, but the store is shared with other versions). */
export function storedSpec(sweep: SweepRecord): SweepSpec {
  return validateSweepSpec(sweep.spec, `sweep ${sweep.name}`);
}
