import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

// Issue 13: `plan` listed two irnn trials of `identityScale: [1, 0.5]` as the same row, and no LSTM's forget-gate bias.
const SPEC = `name: options-plan
task: { dataset: adding, sequenceLength: 20, trainSize: 64, validationSize: 32, testSize: 32 }
cells: [rnn, irnn, lstm, gru]
hidden: 4
cellOptions:
  identityScale: [1, 0.5]
  unitForgetBias: [true, false]
training: { epochs: 1 }
`;

/** The table's rows as header -> cell text, columns found from the dashes under the headers. */
function parseTable(stdout: string): Record<string, string>[] {
  const [header = '', dashes = '', ...lines] = stdout.trimEnd().split('\n').slice(1);
  const spans = [...dashes.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const cut = (line: string, [from, to]: readonly [number, number]): string => line.slice(from, to).trim();
  return lines.map((line) => Object.fromEntries(spans.map((span) => [cut(header, span), cut(line, span)])));
}

test('plan shows the options only some cells have, each on the cells that have it and "—" elsewhere', async () => {
  const result = await sandbox.run(['plan', sandbox.spec('options.yaml', SPEC)]);
  assert.equal(result.code, 0, result.stderr);
  const rows = parseTable(result.stdout).map((row) => [
    row.cell,
    row.identityScale,
    row.recurrentActivation,
    row.unitForgetBias,
  ]);
  assert.deepEqual(rows, [
    ['rnn', '—', '—', '—'],
    ['irnn', '1', '—', '—'],
    ['irnn', '0.5000', '—', '—'],
    ['lstm', '—', 'sigmoid', 'true'],
    ['gru', '—', 'sigmoid', '—'],
    ['lstm', '—', 'sigmoid', 'false'],
  ]);
});

test('plan --format json gives each trial its applicable cell options, the implied identity scale included', async () => {
  const spec = sandbox.spec(
    'irnn.yaml',
    SPEC.replace(/ {2}identityScale.*\n/, '').replace('[rnn, irnn, lstm, gru]', '[irnn, rnn]'),
  );
  const result = await sandbox.run(['plan', spec, '--format', 'json']);
  assert.equal(result.code, 0, result.stderr);
  const trials = (JSON.parse(result.stdout) as { trials: { cell: string; cellOptions: object }[] }).trials;
  assert.deepEqual(
    trials.map((t) => [t.cell, t.cellOptions]),
    [
      ['irnn', { identityScale: 1 }],
      ['rnn', {}],
    ],
  );
});
