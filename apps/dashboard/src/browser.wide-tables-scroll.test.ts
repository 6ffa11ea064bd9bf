/**
 * QA: wide tables clipped at 1,400 px. A sweep with many varying hyperparameters makes the leaderboard (one column
 * per hyperparameter) and the groups table (long setting labels) wider than the page: the page itself must not grow
 * past the window, and every table must sit in a box that scrolls sideways, so its last column can be reached.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { NewTrial, SweepRecord } from '@cellsweep/store';
import { chromiumMissing, launchChromium, signIn } from './browser-support.js';
import { startTestDashboard, type TestDashboard } from './test-server.js';

const OPTIONS = Array.from({ length: 12 }, (_, i) => `someRatherLongTrainingOptionName${i}`);

describe('wide tables scroll sideways instead of being clipped', { skip: chromiumMissing }, () => {
  let dash: TestDashboard;
  let browser: Browser;
  let page: Page;
  let sweep: SweepRecord;
  /** Sweeps with long names, side by side on the compare page (two columns each). */
  const others: SweepRecord[] = [];

  before(async () => {
    dash = await startTestDashboard();
    sweep = await dash.store.upsertSweep({ name: 'wide', spec: { name: 'wide' }, specHash: 'x' });
    for (let i = 0; i < 9; i++) {
      const name = `a-sweep-with-a-long-descriptive-name-number-${i}`;
      others.push(await dash.store.upsertSweep({ name, spec: { name }, specHash: `x${i}` }));
    }
    const plans: NewTrial[] = [];
    for (const variant of [0, 1])
      for (const cell of ['lstm', 'gru'])
        for (const seed of [0, 1]) {
          const training = Object.fromEntries(OPTIONS.map((name, i) => [name, variant === 0 ? i : 1000 + i]));
          plans.push({
            configKey: `${variant}-${cell}-${seed}`,
            ordinal: plans.length,
            cell,
            hidden: 8,
            layers: 1,
            paramCount: cell === 'gru' ? 300 : 400,
            seed,
            config: { task: { dataset: 'adding', sequenceLength: 10 }, cell, training, seed },
          });
        }
    await dash.store.addTrials(sweep.id, plans);
    for (const other of others) await dash.store.addTrials(other.id, plans);
    const trials = (await Promise.all([sweep, ...others].map((s) => dash.store.listTrials(s.id)))).flat();
    for (const trial of trials) {
      const loss = (trial.cell === 'gru' ? 0.1 : 0.2) + 0.01 * trial.seed + 0.001 * trial.ordinal;
      const { attempt } = await dash.store.startAttempt(trial.id, { backend: 'wasm' });
      await dash.store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 10,
        epochsRun: 1,
        bestEpoch: 1,
        trainLoss: loss,
        valLoss: loss,
        testLoss: loss,
        generalizationGap: 0,
      });
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, dash.url);
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  /** Run in the page (the dashboard's CSP forbids eval; a string keeps DOM types out of this Node build). */
  const LAYOUT_PROBE = `(() => {
    const scrollerOf = (element) => {
      for (let at = element.parentElement; at && at !== document.body; at = at.parentElement) {
        const overflow = getComputedStyle(at).overflowX;
        if (overflow === 'auto' || overflow === 'scroll') return at;
      }
      return null;
    };
    const tables = [...document.querySelectorAll('table')].map((table) => {
      const scroller = scrollerOf(table);
      let reachable = true;
      if (scroller) {
        scroller.scrollLeft = scroller.scrollWidth;
        const last = table.querySelector('tr:last-child > :last-child');
        reachable = !last || last.getBoundingClientRect().right <= scroller.getBoundingClientRect().right + 1;
      }
      return {
        id: table.id || table.className,
        wider: table.getBoundingClientRect().width > (table.parentElement?.clientWidth ?? 0) + 1,
        scrolls: scroller !== null && scroller.scrollWidth > scroller.clientWidth,
        reachable,
      };
    });
    return { pageWidth: document.documentElement.scrollWidth, window: window.innerWidth, tables };
  })()`;

  interface Layout {
    pageWidth: number;
    window: number;
    tables: { id: string; wider: boolean; scrolls: boolean; reachable: boolean }[];
  }

  async function assertFits(hash: string, ready: string, wideTable?: string): Promise<void> {
    await page.goto(`${dash.url}/${hash}`);
    await page.waitForSelector(ready, { timeout: 60_000 });
    const layout = (await page.evaluate(LAYOUT_PROBE)) as Layout;
    const detail = JSON.stringify(layout);
    assert.ok(layout.pageWidth <= layout.window, `${hash}: the page is ${layout.pageWidth} px wide: ${detail}`);
    if (wideTable !== undefined) {
      const wide = layout.tables.find((table) => table.id.includes(wideTable));
      // The fixture must make this table wider than its box, else the test shows nothing.
      assert.ok(wide?.scrolls, `${hash}: ${wideTable} does not scroll: ${detail}`);
    }
    for (const table of layout.tables) {
      assert.ok(!table.wider || table.scrolls, `${hash}: ${table.id} is wider than its box, nothing scrolls it`);
      assert.ok(table.reachable, `${hash}: ${table.id}'s last column cannot be scrolled to: ${detail}`);
    }
  }

  test('at 1,400 px the sweep page stays in the window; the leaderboard scrolls to its last column', async () => {
    await assertFits(`#/sweep/${sweep.id}`, '#group-stats tbody tr', 'leaderboard');
  });

  test('the compare page of many sweeps, and the sweep list, scroll their tables instead of widening the page', async () => {
    await assertFits(`#/compare?ids=${others.map((s) => s.id).join(',')}`, 'section.panel.wide table tbody tr', 'grid');
    // The list is not wider than the window here: it must simply stay inside it.
    await assertFits('#/', '#sweeps-table tbody tr');
  });
});
