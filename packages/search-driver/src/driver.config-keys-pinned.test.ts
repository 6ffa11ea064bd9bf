import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseSweepSpec } from '@cellsweep/core';
import { nextTrialPlans } from './driver.js';

// Computed with the code of 2026-12-07, when the driver still wrapped the key formula itself. The trial id is a hash
// of the key, so a changed key would train a stored sweep's search trials again: these values must never change.
const example = (name: string) =>
  parseSweepSpec(readFileSync(new URL(`../../../examples/search/${name}`, import.meta.url), 'utf8'));

test("the search examples' first suggestions keep their pinned config keys", () => {
  const keys = (name: string) => nextTrialPlans(example(name), []).map((plan) => [plan.ordinal, plan.configKey]);
  assert.deepEqual(keys('asha.yaml'), [
    [0, '0c4b2798f63f75f5f205a08e'],
    [2, '0c4b962fe03441c58d3170ef'],
  ]);
  assert.deepEqual(keys('fair.yaml'), [
    [0, '38ccba90e4858c7b55830976'],
    [4, '3c93a617e8b359f75ea470ff'],
    [1, '937099924c9bce6699a98074'],
    [5, '63af7ff22f7a7cec6fd19b3d'],
  ]);
});
