import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { artifactsDir, chromiumMissing, launchChromium, signIn } from './browser-support.js';
import { finishTrial, GRADIENT_SEEDS, seedSweep, type SeededSweep } from './test-fixtures.js';
import { authHeaders, startTestDashboard, type TestDashboard } from './test-server.js';

const XSS_NAME = '<script>alert(1)</script>';

describe('web UI in Chromium', { skip: chromiumMissing }, () => {
  let dash: TestDashboard;
  let browser: Browser;
  let page: Page;
  let seeded: SeededSweep;
  const dialogs: string[] = [];

  before(async () => {
    dash = await startTestDashboard();
    seeded = await seedSweep(dash.store, 'browser-sweep', { epochs: 4 });
    await seedSweep(dash.store, XSS_NAME, { epochs: 2, gradients: false });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, dash.url);
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test('the sweeps list loads, and a sweep named like a script tag renders as text', async () => {
    await page.waitForSelector('#sweeps-table tbody tr >> nth=1');
    const names = await page.$$eval('#sweeps-table .sweep-name', (cells) => cells.map((cell) => cell.textContent));
    assert.deepEqual([...names].sort(), [XSS_NAME, 'browser-sweep'].sort());
    const progress = await page.textContent(`#sweeps-table tr[data-sweep-id="${seeded.sweep.id}"] .progress-text`);
    assert.equal(progress, '30 done · 2 running · 2 failed · 2 queued');
    // Only the app's own bundle: the name did not become a <script> element.
    assert.equal(await page.locator('script').count(), 1);
    assert.deepEqual(dialogs, []);
  });

  test('the sweep page draws the scatter with one point per finished trial', async () => {
    await page.click(`#sweeps-table tr[data-sweep-id="${seeded.sweep.id}"] .sweep-name a`);
    await page.waitForSelector('#chart-scatter[data-points] canvas');
    assert.equal(await page.getAttribute('#chart-scatter', 'data-points'), String(seeded.completedIds.length));
    await page.waitForSelector('#leaderboard[data-total="36"]');
  });

  test('the gradient-reach chart draws one line per finished trial that measured it, and the per-group table', async () => {
    const completed = await dash.store.listTrials(seeded.sweep.id, { status: 'COMPLETED' });
    const measured = completed.filter((trial) => GRADIENT_SEEDS.includes(trial.seed)).length;
    await page.waitForSelector('#chart-gradients[data-lines] canvas');
    assert.equal(await page.getAttribute('#chart-gradients', 'data-lines'), String(measured));
    // One row per analysis group (3 cells × 2 budgets × 2 learning rates); each measured seeds 0 and 1.
    const rows = await page.$$eval('#gradient-groups tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.equal(rows.length, 12);
    const reach: Record<string, string> = { gru: '12 → 16', lstm: '14 → 22.5', rnn: '8 → 12' };
    assert.ok(
      rows.every((row) => row[3] === reach[row[1] ?? '']),
      JSON.stringify(rows),
    );
    await page.locator('#gradient-reach').screenshot({ path: join(artifactsDir(), 'gradient-reach.png') });
  });

  test("the gradient panel shows each group's slope per step with its CI and regime, as the API computed them", async () => {
    // The table appears once the full analysis (a server worker thread) is ready; then the API has the same groups.
    await page.waitForSelector('#gradient-slopes tbody tr');
    const api = (await (
      await fetch(`${dash.url}/api/sweeps/${seeded.sweep.id}/gradients`, { headers: authHeaders() })
    ).json()) as {
      slopesStatus: { status: string };
      slopes: {
        arm: string;
        setting: { label: string };
        initial: { regime: string } | null;
        final: { regime: string; slope: { mean: number } } | null;
      }[];
    };
    assert.equal(api.slopesStatus.status, 'ready');
    const rows = await page.$$eval('#gradient-slopes tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const titles = await page.$$eval('#gradient-slopes tbody tr td:first-child', (tds) =>
      tds.map((td) => td.getAttribute('title')),
    );
    assert.equal(rows.length, 12, '3 cells × 2 budgets × 2 learning rates');
    assert.deepEqual(
      rows.map((row, index) => [titles[index], row[1], row[4], row[6]]),
      api.slopes.map((g) => [g.setting.label, g.arm, g.initial?.regime, g.final?.regime]),
    );
    // The column names only what sets the groups apart (budget, learning rate); the shared task and layers are in the title.
    assert.ok(
      rows.every((row) => /^budget [\d,]+ · learningRate=[\d.]+$/.test(row[0] ?? '')),
      JSON.stringify(rows.map((row) => row[0])),
    );
    assert.ok(
      rows.every((row) => row[4] === 'vanishing'),
      'every untrained curve here decays (ln 0.4 … ln 0.6 per step)',
    );
    // The mean slope, signed to three decimals, leads the final column.
    assert.deepEqual(
      rows.map((row) => row[5]?.split(' ')[0]),
      api.slopes.map((g) => (g.final as { slope: { mean: number } }).slope.mean.toFixed(3)),
    );
    assert.match(
      (await page.textContent('#gradient-slope-note')) ?? '',
      /^Gradient slope: ln ‖∂loss_T\/∂x_t‖ per step back/,
    );
    await page.locator('#gradient-reach').screenshot({ path: join(artifactsDir(), 'gradient-reach.png') });
  });

  test("the group table lists the analysis groups with the API's means and intervals, none pooled", async () => {
    const api = (await (
      await fetch(`${dash.url}/api/sweeps/${seeded.sweep.id}/analysis`, { headers: authHeaders() })
    ).json()) as {
      ciMethod: string;
      groups: {
        key: string;
        arm: string;
        setting: { label: string };
        metrics: { valLoss: { mean: number; ci: [number, number] | null } | null };
      }[];
    };
    await page.waitForSelector('#group-stats tbody tr');
    const rows = await page.$$eval('#group-stats tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-group-key') ?? '',
        ...[...tr.querySelectorAll('td')].map((td, i) => (i === 0 ? td.getAttribute('title') : td.textContent) ?? ''),
      ]),
    );
    assert.equal(rows.length, 12, '3 cells × 2 budgets × 2 learning rates, as the API has them');
    const byKey = new Map(api.groups.map((g) => [g.key, g]));
    for (const [key, label, arm, , mean] of rows) {
      const group = byKey.get(key ?? '');
      assert.ok(group, `row ${key} is an API group`);
      assert.deepEqual([label, arm], [group.setting.label, group.arm]);
      assert.equal(Number(mean), Number(group.metrics.valLoss?.mean.toPrecision(4)));
    }
    // The method is named, and every interval of fewer than 5 seeds (all here) is starred with the analysis's reason.
    assert.equal(api.ciMethod, 'student-t');
    const headers = await page.$$eval('#group-stats thead th', (ths) => ths.map((th) => th.textContent));
    assert.equal(headers[4], '95% Student-t CI');
    const starred = await page.$$eval('#group-stats td.ci-caution', (tds) =>
      tds.map((td) => [td.textContent, td.getAttribute('title')]),
    );
    assert.equal(starred.length, 24, 'val and test loss intervals of all 12 groups');
    assert.ok(
      starred.every(([text, why]) => text?.endsWith(' *') && /too few/.test(why ?? '')),
      JSON.stringify(starred[0]),
    );
    await page.waitForSelector('#ci-caution-note');
  });

  test('a filter changes the table', async () => {
    await page.selectOption('#filter-cell', 'lstm');
    await page.waitForSelector('#leaderboard[data-total="12"]');
    const cells = await page.$$eval('#leaderboard tbody tr td:nth-child(2)', (tds) => [
      ...new Set(tds.map((td) => td.textContent)),
    ]);
    assert.deepEqual(cells, ['lstm']);
    await page.selectOption('#filter-cell', '');
    await page.waitForSelector('#leaderboard[data-total="36"]');
  });

  test('the live view adds a point when a trial finishes, without a reload', async () => {
    await page.waitForSelector('#live-state:not([hidden])');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await finishTrial(dash.store, seeded.runningIds[0]!, 0.02);
    await page.waitForSelector(`#chart-scatter[data-points="${seeded.completedIds.length + 1}"]`, { timeout: 10_000 });
    await page.waitForSelector('.sweep-meta .progress-text:text-matches("^31 done")');
    assert.deepEqual(navigations, []);
  });

  test('a screenshot of the sweep page is written to artifacts/dashboard/', async () => {
    // Let the curves, distribution and parallel charts (loaded after the scatter) settle.
    await page.waitForSelector('#chart-curves canvas');
    // The analysis package's verdicts arrive from a server worker thread a moment after the charts.
    await page.waitForSelector('#verdict-list li', { timeout: 20_000 });
    await page.waitForTimeout(500);
    const path = join(artifactsDir(), 'sweep-page.png');
    await page.screenshot({ path, fullPage: true });
    assert.ok(path.endsWith('sweep-page.png'));
  });

  test('the comparisons panel shows the fANOVA importance of each varying field, as the API computed it', async () => {
    await page.waitForSelector('#importance-table tbody tr', { timeout: 20_000 });
    const api = (await (
      await fetch(`${dash.url}/api/sweeps/${seeded.sweep.id}/analysis`, { headers: authHeaders() })
    ).json()) as {
      external: { result: { importance: { fields: { field: string; importance: number }[] }[] } | null };
    };
    const fields = api.external.result?.importance[0]?.fields ?? [];
    // The seeded sweep varies cell, budget and learning rate.
    assert.deepEqual(fields.map((f) => f.field).sort(), ['cell', 'learningRate', 'paramBudget']);
    const rows = await page.$$eval('#importance-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    assert.deepEqual(
      rows.slice(0, 3).map((row) => row[1]),
      fields.map((f) => f.field),
    );
    assert.deepEqual(
      rows.slice(0, 3).map((row) => row[2]?.split(' ')[0]),
      fields.map((f) => `${(100 * f.importance).toFixed(1)}%`),
    );
  });

  test('the sweep page of the script-named sweep shows its name as text and runs nothing', async () => {
    const xss = (await dash.store.findSweep(XSS_NAME))!;
    await page.goto(`${dash.url}/#/sweep/${encodeURIComponent(xss.id)}`);
    await page.waitForSelector('#chart-scatter[data-points]');
    assert.equal(await page.textContent('#sweep-name'), XSS_NAME);
    // Its trials did not measure gradient reach: the panel says so instead of drawing an empty chart.
    // A selector, not waitForFunction(string): the page's CSP forbids eval, which string predicates need.
    await page.waitForSelector('#gradient-note:has-text("not measured")');
    assert.equal(await page.isHidden('#chart-gradients'), true);
    assert.equal(await page.title(), `${XSS_NAME} · cellsweep`);
    assert.equal(await page.locator('script').count(), 1);
    assert.deepEqual(dialogs, []);
  });

  test('a trial page shows its gradient slopes, initial → final, with their regimes', async () => {
    const trialId = seeded.completedIds[0]!;
    const trial = await dash.store.getTrial(trialId);
    await page.goto(`${dash.url}/#/trial/${encodeURIComponent(trialId)}`);
    await page.waitForSelector('dt:text("gradient slope / step (initial → final)")');
    const value = await page.textContent('dt:text("gradient slope / step (initial → final)") + dd');
    assert.equal(
      value,
      `${trial.initialGradientSlope!.toFixed(3)} (vanishing) → ${trial.gradientSlope!.toFixed(3)} (vanishing)`,
    );
  });
});
