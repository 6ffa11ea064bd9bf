import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mobyDickChapters } from './corpus/moby-dick.js';
import { loadDataset } from './dataset.js';
import { sampleMobyDickWindows } from './tasks/moby-dick.js';
import { sampleSpamEmails } from './tasks/spam.js';
import { rowKeys, smallTask } from './test-helpers.js';
import { SPLIT_NAMES, type Dataset, type SplitName } from './types.js';

const PAIRS: [SplitName, SplitName][] = [
  ['train', 'validation'],
  ['train', 'test'],
  ['validation', 'test'],
];

function assertNoSharedItem(sets: Record<SplitName, Set<string>>, what: string): void {
  for (const [a, b] of PAIRS) {
    const shared = [...sets[a]].filter((item) => sets[b].has(item));
    assert.equal(shared.length, 0, `${shared.length} ${what} in both ${a} and ${b}`);
  }
}

function inputSets(data: Dataset): Record<SplitName, Set<string>> {
  return {
    train: new Set(rowKeys(data.train)),
    validation: new Set(rowKeys(data.validation)),
    test: new Set(rowKeys(data.test)),
  };
}

const SYNTHETIC = [
  { dataset: 'adding', sequenceLength: 2 },
  { dataset: 'adding', sequenceLength: 50 },
  // 2^4 = 16 strings: enumerated and dealt into pools, so they must repeat within a split.
  { dataset: 'parity', sequenceLength: 4 },
  // 2^16 strings: the birthday bound would put several test strings in train without the pools.
  { dataset: 'parity', sequenceLength: 16 },
  // 2^24 strings: drawn with rejection instead of enumerated.
  { dataset: 'parity', sequenceLength: 24 },
  { dataset: 'copy', copyLength: 3, delay: 5, alphabetSize: 4 },
  { dataset: 'copy', copyLength: 10, delay: 5, alphabetSize: 8 },
  // Length generalization: a longer delay keeps the same strings (still dealt disjointly); a longer copy draws its own.
  { dataset: 'copy', copyLength: 3, delay: 5, alphabetSize: 4, testDelay: 20 },
  { dataset: 'parity', sequenceLength: 16, testSequenceLength: 16 },
] as const;

for (const options of SYNTHETIC) {
  test(`no input sequence is in two splits: ${JSON.stringify(options)}`, () => {
    const data = loadDataset(smallTask({ ...options, trainSize: 2_000, validationSize: 500, testSize: 500 }), 11);
    assertNoSharedItem(inputSets(data), 'sequences');
  });
}

test('moby-dick: the chapters behind each split are disjoint, and so are the window strings', () => {
  const task = smallTask({ dataset: 'moby-dick', sequenceLength: 64, trainSize: 2_000 });
  const windows = sampleMobyDickWindows(task, 5);
  const chapters = mobyDickChapters();
  const chapterSets = {} as Record<SplitName, Set<string>>;
  const windowSets = {} as Record<SplitName, Set<string>>;
  for (const split of SPLIT_NAMES) {
    chapterSets[split] = new Set(windows[split].map((w) => chapters[w.chapter]?.name ?? '?'));
    windowSets[split] = new Set(
      windows[split].map((w) => chapters[w.chapter]?.text.slice(w.offset, w.offset + 65) ?? '?'),
    );
    for (const w of windows[split]) assert.equal(chapters[w.chapter]?.split, split);
  }
  assertNoSharedItem(chapterSets, 'chapters');
  assertNoSharedItem(windowSets, 'window strings');
  // The loaded inputs themselves never repeat across splits either.
  assertNoSharedItem(inputSets(loadDataset(task, 5)), 'encoded windows');
});

test('spam: no e-mail (group/id) and no e-mail body is in two splits', () => {
  const task = smallTask({ dataset: 'spam', sequenceLength: 200, trainSize: 4_000, validationSize: 800 });
  const picked = sampleSpamEmails(task, 2);
  const ids = {} as Record<SplitName, Set<string>>;
  const bodies = {} as Record<SplitName, Set<string>>;
  for (const split of SPLIT_NAMES) {
    ids[split] = new Set(picked[split].map((email) => email.key));
    bodies[split] = new Set(picked[split].map((email) => email.body));
  }
  assert.equal(ids.train.size, 4_000, 'no e-mail twice within a split');
  assertNoSharedItem(ids, 'e-mails');
  // Re-sent copies of one message are kept together, so no split is scored on an e-mail it trained on.
  assertNoSharedItem(bodies, 'identical bodies');
});
