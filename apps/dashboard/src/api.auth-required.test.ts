import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedSweep } from './test-fixtures.js';
import { authHeaders, startTestDashboard, TEST_TOKEN, type TestDashboard } from './test-server.js';

describe('auth: every API call and page needs the token', () => {
  let dash: TestDashboard;
  let paths: string[];
  before(async () => {
    dash = await startTestDashboard();
    const seeded = await seedSweep(dash.store, 'auth-sweep', { epochs: 2 });
    const sweep = seeded.sweep.id;
    const trial = seeded.completedIds[0]!;
    paths = [
      '/api/sweeps',
      `/api/sweeps/${sweep}`,
      `/api/sweeps/${sweep}/trials`,
      `/api/sweeps/${sweep}/trials?format=csv`,
      `/api/sweeps/${sweep}/points`,
      `/api/sweeps/${sweep}/analysis`,
      `/api/sweeps/${sweep}/curves`,
      `/api/sweeps/${sweep}/curves/trials`,
      `/api/sweeps/${sweep}/gradients`,
      `/api/sweeps/${sweep}/changes`,
      `/api/sweeps/${sweep}/events`,
      `/api/trials/${trial}`,
      `/api/trials/${trial}/epochs`,
      '/api/nope',
    ];
  });
  after(() => dash.close());

  test('without a token: 401 JSON with a Bearer challenge, and no data', async () => {
    for (const path of paths) {
      const response = await fetch(`${dash.url}${path}`);
      assert.equal(response.status, 401, path);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/, path);
      const body = (await response.json()) as { error: string };
      assert.equal(body.error, 'unauthorized', path);
    }
  });

  test('a wrong token, a wrong scheme or a wrong cookie: 401', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${TEST_TOKEN}x` },
      { authorization: `Bearer ${TEST_TOKEN.slice(0, -1)}` },
      { authorization: `Basic ${Buffer.from(`u:${TEST_TOKEN}`).toString('base64')}` },
      { cookie: `cellsweep_session=${TEST_TOKEN}` },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${dash.url}/api/sweeps`, { headers });
      assert.equal(response.status, 401, JSON.stringify(headers));
    }
  });

  test('with the bearer token every endpoint answers (the SSE stream opens)', async () => {
    for (const path of paths.filter((p) => p !== '/api/nope')) {
      const controller = new AbortController();
      const response = await fetch(`${dash.url}${path}`, { headers: authHeaders(), signal: controller.signal });
      assert.equal(response.status, 200, path);
      controller.abort();
    }
    assert.equal((await fetch(`${dash.url}/api/nope`, { headers: authHeaders() })).status, 404);
  });

  test('pages without a session get 401 and the sign-in form; the form sets an HttpOnly SameSite=Strict cookie', async () => {
    const page = await fetch(`${dash.url}/`);
    assert.equal(page.status, 401);
    assert.match(await page.text(), /<form method="post" action="\/login">/);

    const wrong = await fetch(`${dash.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'not-the-token-at-all', next: '/' }),
      redirect: 'manual',
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);

    const login = await fetch(`${dash.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TEST_TOKEN, next: '//evil.example/' }),
      redirect: 'manual',
    });
    assert.equal(login.status, 303);
    assert.equal(login.headers.get('location'), '/', 'an off-site next is replaced by /');
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^cellsweep_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.ok(!cookie.includes(TEST_TOKEN), 'the cookie does not carry the token itself');

    const session = cookie.split(';')[0]!;
    const api = await fetch(`${dash.url}/api/sweeps`, { headers: { cookie: session } });
    assert.equal(api.status, 200);
    const home = await fetch(`${dash.url}/`, { headers: { cookie: session } });
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(home.headers.get('x-content-type-options'), 'nosniff');
  });

  test('nothing mutates: unknown methods are refused before routing, logout needs a session', async () => {
    assert.equal((await fetch(`${dash.url}/api/sweeps`, { method: 'POST' })).status, 401);
    assert.equal((await fetch(`${dash.url}/api/sweeps`, { method: 'DELETE', headers: authHeaders() })).status, 404);
    assert.equal((await fetch(`${dash.url}/logout`, { method: 'POST', redirect: 'manual' })).status, 401);
  });
});
