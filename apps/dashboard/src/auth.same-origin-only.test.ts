import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { chromiumMissing, launchChromium, signIn } from './browser-support.js';
import { safeNextPath } from './login-page.js';
import { startTestDashboard, TEST_TOKEN, type TestDashboard } from './test-server.js';

// Issue 14, defects 11 and 12: `next` after sign-in may only be a path on this origin, and a page on another origin
// (even another port of the same host, which SameSite=Strict counts as the same site) cannot post /logout or /login.

const OFF_SITE_NEXTS = [
  '/\t/evil.example/',
  '/\n/evil.example/',
  '/\r\nSet-Cookie: owned=1',
  '/\\evil.example/',
  '\\/evil.example/',
  '//evil.example/',
  '/ /evil.example/',
  'https://evil.example/',
  'javascript:alert(1)',
  `/${'a'.repeat(2_001)}`,
];

describe('sign-in redirects and state-changing requests stay on this origin', () => {
  let dash: TestDashboard;
  before(async () => {
    dash = await startTestDashboard();
  });
  after(() => dash.close());

  const login = (next: string, headers: Record<string, string> = {}) =>
    fetch(`${dash.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ token: TEST_TOKEN, next }),
      redirect: 'manual',
    });

  test('an off-site, whitespace or control-character next becomes /, never a 500', async () => {
    for (const next of OFF_SITE_NEXTS) {
      assert.equal(safeNextPath(next), '/', JSON.stringify(next));
      const response = await login(next);
      assert.equal(response.status, 303, JSON.stringify(next));
      assert.equal(response.headers.get('location'), '/', JSON.stringify(next));
      const form = await fetch(`${dash.url}/login?next=${encodeURIComponent(next)}`);
      assert.equal(form.status, 200, JSON.stringify(next));
      assert.match(await form.text(), /name="next" value="\/"/, JSON.stringify(next));
    }
    assert.equal(safeNextPath('/\u0000'), '/');
    assert.equal((await login('/\u0000')).status, 400, 'a NUL is refused like in every other parameter');
    // The literal query string of the report: %09 reaches the server as a tab.
    const reported = await fetch(`${dash.url}/login?next=/%09/evil.example/`);
    assert.match(await reported.text(), /name="next" value="\/"/);
  });

  test('same-origin paths, with a query and a hash route, are kept', async () => {
    for (const next of ['/', '/#/sweep/abc', '/api/sweeps?q=a%20b&limit=5', '/#/trial/x?tab=epochs']) {
      assert.equal((await login(next)).headers.get('location'), next);
    }
  });

  test('POST /logout and /login from another origin: 403; from the own origin or no browser: pass', async () => {
    const session = ((await login('/')).headers.get('set-cookie') ?? '').split(';')[0]!;
    const logoutWith = (headers: Record<string, string>) =>
      fetch(`${dash.url}/logout`, { method: 'POST', headers: { cookie: session, ...headers }, redirect: 'manual' });
    const otherPort = new URL(dash.url);
    otherPort.port = String(Number(otherPort.port) + 1);
    for (const origin of [otherPort.origin, 'http://evil.example', 'null']) {
      const logout = await logoutWith({ origin });
      assert.equal(logout.status, 403, origin);
      assert.match(((await logout.json()) as { message: string }).message, /cross-origin POST refused/);
      assert.equal(logout.headers.get('set-cookie'), null, 'the session is not cleared');
      assert.equal((await login('/', { origin })).status, 403, origin);
    }
    const crossSite = await logoutWith({ 'sec-fetch-site': 'same-site' });
    assert.equal(crossSite.status, 403);
    const own = await logoutWith({ origin: dash.url });
    assert.equal(own.status, 303);
    const script = await logoutWith({});
    assert.equal(script.status, 303, 'a client without Origin (curl) is no browser another page can drive');
  });

  const skip = chromiumMissing;
  test('Chromium: a page on another port of the same host cannot sign the user out', { skip }, async () => {
    const dashboardOrigin = new URL(dash.url).origin;
    const attacker: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<form id="f" method="post" action="${dashboardOrigin}/logout"></form><script>f.submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const address = attacker.address();
    const attackerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await signIn(page, dash.url);
      const posted = page.waitForResponse((response) => response.url() === `${dashboardOrigin}/logout`);
      await page.goto(attackerUrl);
      assert.equal((await posted).status(), 403);
      assert.equal((await page.goto(`${dash.url}/`))?.status(), 200, 'still signed in');
      // The dashboard's own Sign out button still works.
      await Promise.all([page.waitForURL(`${dash.url}/login`), page.click('.logout button')]);
      assert.equal((await page.goto(`${dash.url}/`))?.status(), 401, 'signed out by its own page');
    } finally {
      await browser.close();
      await new Promise((resolve) => attacker.close(resolve));
    }
  });
});
