import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FAST_FAULTS, simulatedSpec, startCluster, waitFor, type Cluster } from './cluster.js';

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: { ...FAST_FAULTS, CELLSWEEP_SIMULATED_EPOCH_MS: '200' } })));
after(() => cluster.stop());

test('cellsweep watch prints each trial starting, its epochs and its result, and exits when the sweep finishes', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli([
    'submit',
    cluster.writeSpec('s.yaml', simulatedSpec('watched', { seeds: 1, epochs: 3 })),
  ]);
  assert.equal(submitted.code, 0, submitted.stderr);
  const watch = cluster.startCli('watch', ['watch', 'watched']);
  // Watching starts before any trial does (the worker comes after), so every event of every trial reaches it.
  await waitFor('watch to listen', async () => watch.output().includes('watching sweep watched: 3 trials, 0 finished'));
  cluster.startWorker('worker-a');

  const exit = await Promise.race([
    watch.exited,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`watch did not exit:\n${watch.output()}`)), 60_000),
    ),
  ]);
  const output = watch.output();
  assert.equal(exit.code, 0, output);
  const sweep = await cluster.store.getSweep('watched');
  assert.equal(sweep.status, 'COMPLETED', 'watch exited because the sweep finished');
  const trials = await cluster.store.listTrials(sweep.id);
  assert.equal(trials.length, 3);
  for (const trial of trials) {
    const label = `${trial.cell} h=4 seed=0`;
    assert.ok(output.includes(`start  ${label}`), `${label} started:\n${output}`);
    for (const epoch of [1, 2, 3])
      assert.ok(output.includes(`  ${label}  epoch ${epoch}/3  (attempt 1)`), `${label} epoch ${epoch}:\n${output}`);
    assert.match(output, new RegExp(`\\[\\d/3\\] ${label}  test loss \\S+  \\(attempt 1\\)`));
    // Lines in order: start, epochs, result.
    const at = (text: string): number => output.indexOf(text);
    assert.ok(
      at(`start  ${label}`) < at(`${label}  epoch 1/3`) && at(`${label}  epoch 3/3`) < at(`] ${label}  test loss`),
      output,
    );
  }
  assert.match(output, /\[3\/3\]/);
  assert.match(output, /sweep watched: COMPLETED — 3 completed, 0 failed, 0 cancelled, 0 unfinished/);
});
