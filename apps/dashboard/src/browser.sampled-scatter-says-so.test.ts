/**
 * A sweep too big for a scatter (issue 17) in Chromium: the charts drawn from the server's sample say so above
 * them, and the leaderboard's filters make the scatter sample the matching trials. The fixture's 30 finished trials
 * stand in for 100,000 with a threshold of 12.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { artifactsDir, chromiumMissing, launchChromium, signIn } from './browser-support.js';
import { seedSweep, type SeededSweep } from './test-fixtures.js';
import { startTestDashboard, type TestDashboard } from './test-server.js';

describe('a sampled scatter in Chromium', { skip: chromiumMissing }, () => {
  let dash: TestDashboard;
  let browser: Browser;
  let page: Page;
  let seeded: SeededSweep;

  before(async () => {
    dash = await startTestDashboard({ scatterMaxPoints: 12 });
    seeded = await seedSweep(dash.store, 'sampled-sweep', { epochs: 2 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, dash.url);
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test('the scatter, gap and parallel charts say they show a sample, and of how many trials', async () => {
    await page.goto(`${dash.url}/#/sweep/${seeded.sweep.id}`);
    await page.waitForSelector('#chart-scatter[data-sampled="true"] canvas');
    const drawn = Number(await page.getAttribute('#chart-scatter', 'data-points'));
    assert.ok(drawn > 0 && drawn < seeded.completedIds.length, `${drawn} drawn`);
    const expected = `showing ${drawn} of ${seeded.completedIds.length} finished trials, evenly sampled per cell and size (the best of each kept)`;
    for (const id of ['#scatter-sampling', '#gap-sampling', '#parallel-sampling']) {
      assert.equal(await page.isVisible(id), true, id);
      assert.equal(await page.textContent(id), expected);
    }
    await page.locator('#chart-scatter').screenshot({ path: join(artifactsDir(), 'sampled-scatter.png') });
  });

  test("the leaderboard's cell filter makes the scatter sample every matching trial", async () => {
    const lstm = (await dash.store.listTrials(seeded.sweep.id, { status: 'COMPLETED' })).filter(
      (trial) => trial.cell === 'lstm',
    );
    await page.selectOption('#filter-cell', 'lstm');
    await page.waitForSelector(`#chart-scatter[data-finished="${lstm.length}"]`);
    await page.waitForSelector('#leaderboard[data-total="12"]');
    // The finished LSTM trials (at most 12) fit under the threshold: all are drawn, and nothing says "sample" any more.
    assert.equal(await page.getAttribute('#chart-scatter', 'data-points'), String(lstm.length));
    assert.equal(await page.getAttribute('#chart-scatter', 'data-sampled'), 'false');
    assert.equal(await page.isVisible('#scatter-sampling'), false);
  });
});
