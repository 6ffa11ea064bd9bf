import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cmudictWords, G2P_LETTERS, phonemeInventory, stripStress } from './corpus/cmudict.js';
import { loadDataset } from './dataset.js';
import { sampleG2pWords } from './tasks/g2p.js';
import { argmax, smallTask } from './test-helpers.js';
import { SPLIT_NAMES } from './types.js';

test('the fixed phoneme inventories are exactly what the dictionary uses (39 plain, 69 with stress)', () => {
  const plain = new Set<string>();
  const stressed = new Set<string>();
  for (const { phonemes } of cmudictWords()) for (const p of phonemes) stressed.add(p), plain.add(stripStress(p));
  assert.deepEqual(phonemeInventory(false), [...plain].sort());
  assert.deepEqual(phonemeInventory(true), [...stressed].sort());
  assert.equal(phonemeInventory(false).length, 39);
  assert.equal(phonemeInventory(true).length, 69);
});

test('alternates and non-letter entries are skipped; HELLO is HH AH0 L OW1', () => {
  const words = new Map(cmudictWords().map((entry) => [entry.word, entry.phonemes]));
  assert.deepEqual(words.get('HELLO'), ['HH', 'AH0', 'L', 'OW1']);
  assert.deepEqual(words.get('READ'), ['R', 'EH1', 'D'], 'the first pronunciation; READ(1) is skipped');
  assert.ok([...words.keys()].every((word) => /^[A-Z]+$/.test(word)));
});

test('each sample decodes back to its dictionary word and pronunciation ("read, then write" layout)', () => {
  const task = smallTask({ dataset: 'g2p', maxWordLength: 6, trainSize: 50, validationSize: 20, testSize: 20 });
  const data = loadDataset(task, 2);
  const words = sampleG2pWords(task, 2);
  const inventory = phonemeInventory(false);
  const steps = 14;
  assert.equal(data.sequenceLength, steps);
  for (const split of SPLIT_NAMES) {
    const { x, y, mask } = data[split];
    words[split].forEach(({ word, phonemes }, n) => {
      let letters = '';
      for (let t = 0; t < 6; t++) {
        const row = x.subarray((n * steps + t) * 27, (n * steps + t + 1) * 27);
        if (row.some((v) => v === 1)) letters += G2P_LETTERS[argmax(x, (n * steps + t) * 27, 27)];
        else assert.equal(letters, '', 'letters are right-aligned: blanks only before the word');
      }
      assert.equal(letters, word);
      assert.equal(argmax(x, (n * steps + 6) * 27, 27), 26, 'separator after the letters');
      const scored = [];
      for (let t = 7; t < steps; t++) if (mask?.[n * steps + t] === 1) scored.push(y[n * steps + t] as number);
      assert.deepEqual(
        scored,
        [...phonemes.map((p) => inventory.indexOf(stripStress(p)) + 1), 0],
        'phonemes, then end',
      );
      for (let t = 0; t < 7; t++) assert.equal(mask?.[n * steps + t], 0, 'reading steps are not scored');
    });
  }
});

test('no word is in two splits; same seed same words, another seed other words', () => {
  const task = smallTask({ dataset: 'g2p', trainSize: 3_000, validationSize: 1_000, testSize: 1_000 });
  const words = sampleG2pWords(task, 1);
  const sets = SPLIT_NAMES.map((split) => new Set(words[split].map((entry) => entry.word)));
  assert.equal(new Set(sets.flatMap((set) => [...set])).size, 5_000);
  assert.deepEqual(sampleG2pWords(task, 1).test, words.test);
  assert.notDeepEqual(
    sampleG2pWords(task, 2).test.map((e) => e.word),
    words.test.map((e) => e.word),
  );
});

test('asking for more words than fit the length limit is a DatasetSizeError naming the field', () => {
  assert.throws(
    () =>
      loadDataset(
        smallTask({ dataset: 'g2p', maxWordLength: 2, trainSize: 5_000, validationSize: 10, testSize: 10 }),
        1,
      ),
    {
      name: 'DatasetSizeError',
      message: /^task\.trainSize: 5,000 exceeds the \d+ words of at most 2 letters left for training/,
    },
  );
});
