import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore } from '@cellsweep/store';
import { createTestDatabase } from '@cellsweep/store/testing';
import { buildDashboardServer } from './server.js';
import { seedSweep } from './test-fixtures.js';
import { authHeaders, startTestDashboard, TEST_TOKEN, type TestDashboard } from './test-server.js';

// Issue 14, defect 10: a NUL byte in any parameter gave a 500 saying "see the dashboard log", and nothing was logged.

describe('NUL bytes are a 400 naming the parameter; every 500 is logged with its request id', () => {
  let dash: TestDashboard;
  let sweep: string;
  let trial: string;
  before(async () => {
    dash = await startTestDashboard();
    const seeded = await seedSweep(dash.store, 'nul-sweep', { epochs: 2 });
    sweep = seeded.sweep.id;
    trial = seeded.completedIds[0]!;
  });
  after(() => dash.close());

  test('a NUL in a path parameter, a query value or a query name: 400 with the parameter named', async () => {
    const cases: [string, RegExp][] = [
      ['/api/sweeps/a%00b', /sweep: contains a NUL byte/],
      ['/api/sweeps/a%00b/trials', /sweep: contains a NUL byte/],
      ['/api/sweeps?q=%00', /query\.q: contains a NUL byte/],
      [`/api/sweeps/${sweep}/trials?cell=lstm%00`, /query\.cell: contains a NUL byte/],
      [`/api/sweeps/${sweep}/trials?hp.training.learningRate=%00`, /query\.hp\.training\.learningRate: contains a NUL/],
      [`/api/sweeps/${sweep}/trials?x%00=1`, new RegExp(String.raw`query\.x${'\0'} \(name\): contains a NUL byte`)],
      [`/api/sweeps/${sweep}/changes?since=%00`, /query\.since: contains a NUL byte/],
      [`/api/sweeps/${sweep}/curves/trials?ids=${trial},%00`, /query\.ids: contains a NUL byte/],
      ['/api/trials/%00', /trial: contains a NUL byte/],
      ['/api/trials/%00/epochs', /trial: contains a NUL byte/],
    ];
    for (const [path, message] of cases) {
      const response = await fetch(`${dash.url}${path}`, { headers: authHeaders() });
      assert.equal(response.status, 400, path);
      const body = (await response.json()) as { error: string; problems: string[] };
      assert.equal(body.error, 'bad_request', path);
      assert.match(body.problems.join('\n'), message, path);
    }
  });

  test('other unusable parameters are a 400 too, never a 500', async () => {
    const tooLong = await fetch(`${dash.url}/api/sweeps?q=${'a'.repeat(201)}`, { headers: authHeaders() });
    assert.equal(tooLong.status, 400);
    assert.match(((await tooLong.json()) as { problems: string[] }).problems.join(), /^q: Too big/);
    for (const path of ['/api/sweeps/%E0%A4%A', '/api/sweeps/%ZZ', '/api/trials/%ED%A0%80/epochs']) {
      assert.equal((await fetch(`${dash.url}${path}`, { headers: authHeaders() })).status, 400, path);
    }
    for (const path of ['/api/sweeps?q=%ZZ', '/api/sweeps?q=%FF', `/api/sweeps/${sweep}/trials?hp.a=%ED%A0%80`]) {
      assert.equal((await fetch(`${dash.url}${path}`, { headers: authHeaders() })).status, 200, path);
    }
  });

  test('a store that fails gives a 500 with a request id, and the same id is logged with the error', async () => {
    const database = await createTestDatabase();
    const store = await openStore({ databaseUrl: database.url });
    const lines: string[] = [];
    const app = await buildDashboardServer({ store, token: TEST_TOKEN, logInternalError: (line) => lines.push(line) });
    let dropped = false;
    try {
      await database.drop(); // every query now fails inside the request
      dropped = true;
      const response = await app.inject({ url: '/api/sweeps', headers: authHeaders() });
      assert.equal(response.statusCode, 500);
      const body = response.json() as { error: string; message: string; requestId: string };
      assert.equal(body.error, 'internal');
      assert.match(body.requestId, /^[0-9a-f]{12}$/);
      assert.equal(response.headers['x-request-id'], body.requestId);
      assert.match(body.message, new RegExp(`request ${body.requestId}`));
      assert.equal(lines.length, 1);
      const logged = new RegExp(`^cellsweep dashboard: request ${body.requestId} \\(GET /api/sweeps\\) failed: `);
      assert.match(lines[0]!, logged);
      const second = await app.inject({ url: '/api/sweeps', headers: authHeaders() });
      assert.notEqual((second.json() as { requestId: string }).requestId, body.requestId);
      assert.equal(lines.length, 2);
    } finally {
      await app.close();
      await store.close().catch(() => {});
      if (!dropped) await database.drop();
    }
  });
});
