import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical.js';
import { expandSweep } from './expand.js';
import { parseSweepSpec } from './parse.js';

/** The first implementation: copy with sorted keys, then JSON.stringify. Stored ids and hashes were made with it. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, entry]) => entry !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, entry]) => [key, sortKeys(entry)]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

/** Seeded (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const KEYS = [
  'a',
  'B',
  'b',
  '_x',
  'é',
  '10',
  '2',
  '0',
  '01',
  '4294967295',
  '-1',
  '1.5',
  'ü',
  '\u{1F600}',
  'Z',
  '',
  'key with "quotes"',
];
const LEAVES = [
  0,
  -0,
  1.5,
  -1e-7,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  'text',
  '',
  'ü\n"\\',
  true,
  false,
  null,
  undefined,
  () => 1,
  Symbol('s'),
  new Date(0),
];

function value(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const roll = next();
  if (depth >= 4 || roll < 0.4) return pick(LEAVES);
  if (roll < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 6) }, () => [pick(KEYS), value(next, depth + 1)]));
}

test('canonicalJson is byte-identical to the reference on 5,000 random values', () => {
  const next = random(42);
  for (let i = 0; i < 5_000; i++) {
    const input = value(next, 0);
    assert.equal(canonicalJson(input), reference(input), `value #${i}`);
  }
});

test('canonicalJson is byte-identical to the reference on real trial configs and specs', () => {
  const spec = parseSweepSpec(
    'name: c\ntask: { dataset: adding, sequenceLength: 20 }\ncells: [rnn, lstm, gru]\nhidden: [8, 16]\nseeds: [3, 1]\n' +
      'training: { learningRate: [0.1, 0.01], clipNorm: [null, 1] }',
  );
  assert.equal(canonicalJson(spec), reference(spec));
  for (const plan of expandSweep(spec)) assert.equal(canonicalJson(plan.config), reference(plan.config));
});
