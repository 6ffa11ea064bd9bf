import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FAST_FAULTS, simulatedSpec, startCluster, waitForSweepEnd, type Cluster, type Service } from './cluster.js';
import { freePort } from './faults.js';

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: FAST_FAULTS })));
after(() => cluster.stop());

/**
 * The exit of `service`, or null (and a SIGKILL) if it is still running after `ms`: a hang check with room for a
 * machine at load 50 (a 15 s ceiling failed there); "at once" is shown by the message naming the 5 s Redis timeout.
 */
async function exitWithin(service: Service, ms: number) {
  const exit = await Promise.race([
    service.exited,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
  ]);
  if (exit === null) service.child.kill('SIGKILL');
  return exit;
}

// `watch` on a finished sweep with Redis unreachable used to hang forever with no output.
test('watch with Redis unreachable: a finished sweep is shown from the store, a running one fails at once and says why', async () => {
  cluster.startScheduler();
  const worker = cluster.startWorker('worker-a');
  const done = await cluster.cli(['submit', cluster.writeSpec('done.yaml', simulatedSpec('done', { epochs: 2 }))]);
  assert.equal(done.code, 0, done.stderr);
  await waitForSweepEnd(cluster, 'done');
  worker.child.kill('SIGKILL');
  await worker.exited;

  const deadRedis = `redis://127.0.0.1:${await freePort()}`;
  const finished = cluster.startCli('watch-done', ['watch', 'done'], { REDIS_URL: deadRedis });
  assert.deepEqual(await exitWithin(finished, 60_000), { code: 0, signal: null }, finished.output());
  assert.match(finished.output(), /sweep done: COMPLETED — 3 completed, 0 failed, 0 cancelled, 0 unfinished/);

  // No worker now: this sweep stays unfinished.
  const open = await cluster.cli(['submit', cluster.writeSpec('open.yaml', simulatedSpec('open'))]);
  assert.equal(open.code, 0, open.stderr);
  const running = cluster.startCli('watch-open', ['watch', 'open'], { REDIS_URL: deadRedis });
  assert.deepEqual(await exitWithin(running, 60_000), { code: 1, signal: null }, running.output());
  const output = running.output();
  assert.match(
    output,
    new RegExp(
      `cellsweep: Redis at ${deadRedis.replace(/[/.]/g, '\\$&')}/? did not answer within 5000 ms \\(.*ECONNREFUSED.*\\); is it running and is REDIS_URL right\\?`,
    ),
  );
  assert.match(
    output,
    /watch follows running trials through Redis; `cellsweep status open` shows the stored state without it/,
  );
});
