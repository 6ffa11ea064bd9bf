import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleRandom } from './random.js';
import { mixedSpace } from './test-support.js';

test('conditional params are absent when inactive and present when active, parents before children', () => {
  const seen = { lstm: 0, other: 0, mask: 0, noMask: 0 };
  for (let k = 0; k < 600; k++) {
    const p = sampleRandom(mixedSpace, 17, k);
    assert.equal(Object.hasOwn(p, 'forgetBias'), p.cell === 'lstm', JSON.stringify(p));
    if (p.cell === 'lstm') seen.lstm++;
    else seen.other++;
    const layers = p.layers as number;
    assert.equal(Object.hasOwn(p, 'recurrentDropout'), layers >= 2, JSON.stringify(p));
    // dropoutMask is conditional on a conditional: active only when recurrentDropout is present and not null.
    const maskActive = p.recurrentDropout === 0.1 || p.recurrentDropout === 0.25;
    assert.equal(Object.hasOwn(p, 'dropoutMask'), maskActive, JSON.stringify(p));
    if (maskActive) seen.mask++;
    else seen.noMask++;
  }
  // Both branches of each condition were exercised (expected lstm 200/600, mask 600·2/3·2/3 ≈ 267).
  assert.ok(seen.lstm > 100 && seen.other > 300 && seen.mask > 150 && seen.noMask > 200, JSON.stringify(seen));
});

test('results list parameters in dependency order', () => {
  const p = sampleRandom(mixedSpace, 1, 0);
  const keys = Object.keys(p);
  if (keys.includes('dropoutMask')) assert.ok(keys.indexOf('recurrentDropout') < keys.indexOf('dropoutMask'));
  assert.equal(keys[0], 'cell');
});
