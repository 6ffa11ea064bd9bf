import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, renderCsv } from './csv.js';

test('quotes commas, quotes and newlines; empties for null; ISO dates; NaN kept as text', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(new Date('2026-01-02T03:04:05.000Z')), '2026-01-02T03:04:05.000Z');
  assert.equal(csvField(Number.NaN), 'NaN');
  assert.equal(csvField(-0.5), '-0.5');
});

test('text that a spreadsheet would evaluate is defused', () => {
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('@cmd'), "'@cmd");
  assert.equal(renderCsv([{ header: 'name', value: (r: { n: string }) => r.n }], [{ n: '<script>' }]), 'name\r\n<script>\r\n');
});
