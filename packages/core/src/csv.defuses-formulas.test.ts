import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, renderCsv } from './csv.js';

test('quotes commas, quotes and newlines; empties for null; ISO dates; NaN kept as text', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(new Date('2026-01-02T03:04:05.000Z')), '2026-01-02T03:04:05.000Z');
  assert.equal(csvField(Number.NaN), 'NaN');
  assert.equal(csvField(-0.5), '-0.5');
  assert.equal(csvField({ a: [1, 'x'] }), '"{""a"":[1,""x""]}"');
});

test('every cell a spreadsheet would evaluate is defused with a leading apostrophe', () => {
  // Issue 14, defect 17: the CLI's export kept these as they were.
  assert.equal(csvField('=HYPERLINK("http://evil.example","x")'), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
  assert.equal(csvField('@SUM(A1:A9)'), "'@SUM(A1:A9)");
  assert.equal(csvField('+cmd|calc'), "'+cmd|calc");
  assert.equal(csvField('-2+3'), "'-2+3");
  assert.equal(csvField('\t=1'), "'\t=1");
  assert.equal(csvField('\r=1'), `"'\r=1"`);
  assert.equal(csvField('a=1'), 'a=1', 'only a leading character matters');
});

test('numbers written as text stay numbers', () => {
  for (const text of ['-0.5', '+3', '-1.25%', '1e-3', '-2.5E+4', '-.5']) assert.equal(csvField(text), text);
});

test('RFC 4180 line ends by default, Unix ones when asked', () => {
  const columns = [{ header: 'name', value: (row: { n: string }) => row.n }];
  assert.equal(renderCsv(columns, [{ n: '<script>' }, { n: '=1' }]), "name\r\n<script>\r\n'=1\r\n");
  assert.equal(renderCsv(columns, [{ n: 'a' }], { newline: '\n' }), 'name\na\n');
});
