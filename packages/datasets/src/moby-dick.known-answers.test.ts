import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MOBY_DICK_MIN_CHAR_COUNT,
  MOBY_DICK_TRAIN_UNIGRAM_NATS,
  MOBY_DICK_UNK,
  MOBY_DICK_VOCABULARY,
  foldMobyDickText,
  mobyDickChapters,
  readMobyDickEntries,
} from './corpus/moby-dick.js';
import { loadDataset } from './dataset.js';
import { sampleMobyDickWindows } from './tasks/moby-dick.js';
import { argmax, smallTask } from './test-helpers.js';
import { SPLIT_NAMES } from './types.js';

test('moby-dick: y[t] is the character at x[t+1], and the window is the chapter text at its offset', () => {
  const task = smallTask({ dataset: 'moby-dick', sequenceLength: 48 });
  const data = loadDataset(task, 3);
  const windows = sampleMobyDickWindows(task, 3);
  const chapters = mobyDickChapters();
  const [steps, width] = [data.sequenceLength, data.inputSize];
  for (const split of SPLIT_NAMES) {
    const { x, y, count } = data[split];
    for (let n = 0; n < count; n++) {
      const input = Array.from({ length: steps }, (_, t) => argmax(x, (n * steps + t) * width, width));
      for (let t = 0; t + 1 < steps; t++) assert.equal(y[n * steps + t], input[t + 1]);
      const { chapter, offset } = windows[split][n] ?? { chapter: -1, offset: -1 };
      const ids = chapters[chapter]?.ids ?? new Uint8Array();
      assert.deepEqual(input, Array.from(ids.subarray(offset, offset + steps)));
      assert.equal(y[(n + 1) * steps - 1], ids[offset + steps], 'last target is the character after the window');
    }
  }
});

test('moby-dick: the fixed vocabulary is what the folding + rare-character rule gives on the whole book', () => {
  const counts = new Map<string, number>();
  for (const entry of readMobyDickEntries()) {
    const text = foldMobyDickText(entry.text);
    for (let i = 0; i < text.length; i++) counts.set(text[i] as string, (counts.get(text[i] as string) ?? 0) + 1);
  }
  const common = [...counts]
    .filter(([, n]) => n >= MOBY_DICK_MIN_CHAR_COUNT)
    .map(([char]) => char)
    .sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number));
  assert.deepEqual(MOBY_DICK_VOCABULARY, [...common, MOBY_DICK_UNK]);
  assert.equal(MOBY_DICK_VOCABULARY.length, 40);
  assert.equal(mobyDickChapters().length, 138);
});

test('moby-dick: the baseline is the unigram entropy of the training chapters (nats/char)', () => {
  const counts = new Float64Array(MOBY_DICK_VOCABULARY.length);
  let total = 0;
  for (const chapter of mobyDickChapters()) {
    if (chapter.split !== 'train') continue;
    for (const id of chapter.ids) counts[id] = (counts[id] as number) + 1;
    total += chapter.ids.length;
  }
  const entropy = -counts.reduce((sum, n) => (n > 0 ? sum + (n / total) * Math.log(n / total) : sum), 0);
  assert.ok(Math.abs(entropy - MOBY_DICK_TRAIN_UNIGRAM_NATS) < 1e-8, `entropy ${entropy}`);
});
