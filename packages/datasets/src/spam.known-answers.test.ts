import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SPAM_ALPHABET, SPAM_CORPUS_SIZE, SPAM_CORPUS_SPAM_COUNT, emailBody, spamEmails } from './corpus/spam.js';
import { loadDataset } from './dataset.js';
import { sampleSpamEmails } from './tasks/spam.js';
import { argmax, smallTask } from './test-helpers.js';
import { SPLIT_NAMES } from './types.js';

test('spam: corpus counts match the constants that fix the prior', () => {
  const emails = spamEmails();
  assert.equal(emails.length, SPAM_CORPUS_SIZE);
  assert.equal(emails.filter((email) => email.spam).length, SPAM_CORPUS_SPAM_COUNT);
  assert.equal(new Set(emails.map((email) => email.key)).size, SPAM_CORPUS_SIZE, 'group/id is unique');
});

test('spam: the body is the folded, lowercased text after the first blank line', () => {
  assert.equal(emailBody('Subject: Hi\nFrom: a@b\n\nHello   WORLD\n\nBye'), 'hello world bye');
  assert.equal(emailBody('Subject: x\r\n\r\nBody\r\n'), 'body');
});

test('spam: labels follow the group, inputs are the front-padded one-hot body, classes stay ~31% spam', () => {
  const task = smallTask({ dataset: 'spam', sequenceLength: 40, trainSize: 1_000 });
  const data = loadDataset(task, 6);
  const picked = sampleSpamEmails(task, 6);
  const [steps, width] = [data.sequenceLength, data.inputSize];
  const decode = (id: number): string => SPAM_ALPHABET[id] ?? '\uFFFD';
  for (const split of SPLIT_NAMES) {
    const { x, y, count } = data[split];
    let spam = 0;
    for (let n = 0; n < count; n++) {
      const email = picked[split][n];
      assert.ok(email);
      assert.equal(y[n], email.group.startsWith('spam') ? 1 : 0);
      spam += y[n] as number;
      const text = email.body.slice(0, steps);
      let decoded = '';
      for (let t = 0; t < steps; t++) {
        const row = x.subarray((n * steps + t) * width, (n * steps + t + 1) * width);
        const hot = row.reduce((a, b) => a + b, 0);
        assert.equal(hot, t < steps - text.length ? 0 : 1, 'padding steps are all zero, text steps one-hot');
        if (hot === 1) decoded += decode(argmax(x, (n * steps + t) * width, width));
      }
      const expected = [...text].map((c) => (SPAM_ALPHABET.includes(c) ? c : '\uFFFD')).join('');
      assert.equal(decoded, expected);
    }
    assert.ok(Math.abs(spam / count - SPAM_CORPUS_SPAM_COUNT / SPAM_CORPUS_SIZE) < 0.01, `${split} spam share`);
  }
});
