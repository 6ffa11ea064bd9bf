/**
 * `cellsweep submit <spec>`: hands a sweep to the distributed system. The spec is validated and planned here (a bad
 * spec fails before anything is stored); its data files go into the store (by SHA-256, so workers need no shared
 * folder), the sweep row is written and the scheduler nudged. The scheduler expands and enqueues: submitting twice,
 * from two terminals at once, or again after an interrupted submit, creates no second sweep and no second job for
 * any trial (sweeps are unique by name, job ids are trial ids).
 */
import type { CliEnv } from '../env.js';
import { loadSpecFile } from '../spec-file.js';
import { openDistributed } from './distributed-access.js';
import { storeDataFiles } from './store-data-files.js';

export async function submitCommand(
  specPath: string,
  env: CliEnv,
  options: { extend?: boolean } = {},
): Promise<number> {
  const { spec, specHash, trials } = await loadSpecFile(specPath, env.cellPlugins);
  const distributed = await openDistributed(env);
  try {
    const { store, producer } = distributed;
    // Before the sweep exists: a worker may take its first trial at once, and must find the data there.
    await storeDataFiles(store, spec, { maxBytes: env.maxDatasetBytes, out: process.stderr });
    const sweep = await store.upsertSweep({ name: spec.name, spec, specHash, extend: options.extend ?? false });
    if (sweep.status === 'CANCELLED') {
      process.stderr.write(`sweep ${spec.name} was cancelled; run \`cellsweep resume ${spec.name}\` to continue it\n`);
      return 1;
    }
    // A finished or running sweep is looked at again: an extending spec may add trials; an unchanged one re-finishes.
    await store.transitionSweep(sweep.id, ['RUNNING', 'COMPLETED', 'FAILED'], 'PENDING');
    await producer.add(
      'sweep.reconcile',
      { sweepId: sweep.id, reason: 'submit' },
      { dedupKey: `reconcile-${sweep.id}` },
    );
    process.stdout.write(
      `submitted sweep ${spec.name} (${trials.length} trials, id ${sweep.id})\n` +
        `follow it with: cellsweep watch ${spec.name}   (status: cellsweep status ${spec.name})\n`,
    );
    return 0;
  } finally {
    await distributed.close();
  }
}
