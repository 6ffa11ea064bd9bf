import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FAST_FAULTS, simulatedSpec, startCluster, type Cluster, type Service } from './cluster.js';

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: FAST_FAULTS })));
after(() => cluster.stop());

// A hang check: 60 s leaves room for a machine at load 50 (a 20 s ceiling failed there).
const exitOf = (service: Service) =>
  Promise.race([service.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 60_000))]);

// REDIS_URL=.../99 on a server with 16 databases used to report success and write into database 0.
test('REDIS_URL naming a database the server does not have: submit, worker and scheduler refuse it, nothing is written', async () => {
  const redisUrl = `${cluster.redisUrl}/99`;
  const submitted = await cluster.cli(['submit', cluster.writeSpec('s.yaml', simulatedSpec('db99'))], {
    REDIS_URL: redisUrl,
  });
  assert.notEqual(submitted.code, 0, submitted.stdout);
  assert.match(
    submitted.stderr,
    /REDIS_URL names database 99, which this Redis refuses \(ERR DB index is out of range\); it has 16 databases \(0-15\)/,
  );
  assert.equal(await cluster.store.findSweep('db99'), null, 'nothing recorded');
  const counts = await cluster.producer.counts('trials');
  assert.equal(
    Object.values(counts).reduce((sum, n) => sum + n, 0),
    0,
    `no job in database 0: ${JSON.stringify(counts)}`,
  );
  assert.equal(await cluster.producer.queue('control').count(), 0, 'no nudge in database 0');

  const worker = cluster.startWorker('worker-db99', { REDIS_URL: redisUrl });
  const scheduler = cluster.startScheduler({ REDIS_URL: redisUrl });
  for (const service of [worker, scheduler]) {
    assert.deepEqual(await exitOf(service), { code: 1, signal: null }, service.output());
    assert.match(service.output(), /REDIS_URL names database 99, which this Redis refuses/);
    assert.doesNotMatch(service.output(), /ready|leader/);
  }
});
