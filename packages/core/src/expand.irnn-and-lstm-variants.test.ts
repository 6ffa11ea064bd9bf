import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentHash } from './canonical.js';
import { expandSweep } from './expand.js';
import { parseSweepSpec } from './parse.js';

const base = 'name: t\ntask: { dataset: adding, sequenceLength: 20 }\nhidden: 8\n';

test('rnn/lstm/gru content keys and the spec hash are unchanged by the new cells and identityScale', () => {
  // The same pins as expand.transformer-options.test.ts: a changed key would re-run every stored trial.
  const spec = parseSweepSpec(
    'name: pin\ntask: { dataset: adding, sequenceLength: 20 }\ncells: [rnn, lstm, gru]\nhidden: 8\nlayers: 2\ncellOptions: { implementation: layers }',
  );
  assert.deepEqual(
    expandSweep(spec).map((t) => [t.config.cell, t.configKey]),
    [
      ['rnn', '46cdee863def454fbe449762'],
      ['lstm', '8577cfbe6dda79b90b46aff7'],
      ['gru', '4056e637670099542b7fdcd4'],
    ],
  );
  assert.equal(parseSweepSpec(`${base}cells: lstm`).cellOptions.identityScale, undefined);
  // identityScale belongs to irnn alone: other cells neither carry it nor multiply by it.
  const withScale = expandSweep(parseSweepSpec(`${base}cells: [lstm, irnn]\ncellOptions: { identityScale: [1, 0.5] }`));
  const lstm = withScale.filter((t) => t.config.cell === 'lstm');
  assert.equal(lstm.length, 1);
  assert.equal(lstm[0]?.config.identityScale, undefined);
  assert.equal(lstm[0]?.configKey, expandSweep(parseSweepSpec(`${base}cells: lstm`))[0]?.configKey);
  assert.equal(contentHash(parseSweepSpec(`${base}cells: lstm`)).length, 24);
});

test('irnn trials multiply by identityScale and always carry it (1 when the spec says nothing)', () => {
  const scaled = expandSweep(
    parseSweepSpec(`${base}cells: irnn\nseeds: 2\ncellOptions: { identityScale: [1, 0.5, 0.01] }`),
  );
  assert.equal(scaled.length, 2 * 3);
  assert.deepEqual(
    scaled.slice(0, 3).map((t) => t.config.identityScale),
    [1, 0.5, 0.01],
  );
  const plain = expandSweep(parseSweepSpec(`${base}cells: irnn`));
  assert.deepEqual(
    plain.map((t) => t.config.identityScale),
    [1],
  );
  // Writing the default out is the same trial.
  const explicit = expandSweep(parseSweepSpec(`${base}cells: irnn\ncellOptions: { identityScale: 1 }`));
  assert.equal(explicit[0]?.configKey, plain[0]?.configKey);
});

test('options a cell lacks are pinned: irnn has no gates, lstm-nfg and lstm-cifg no forget-gate bias', () => {
  const spec = parseSweepSpec(
    `${base}cells: [irnn, lstm-nfg, lstm-cifg, lstm-nig, lstm-ph, ugrnn]\n` +
      'cellOptions: { unitForgetBias: [true, false], recurrentActivation: [sigmoid, hardSigmoid] }',
  );
  const count = (cell: string) => expandSweep(spec).filter((t) => t.config.cell === cell).length;
  assert.equal(count('irnn'), 1);
  assert.equal(count('lstm-nfg'), 2); // gate activation only
  assert.equal(count('lstm-cifg'), 2);
  assert.equal(count('lstm-nig'), 4); // it keeps its forget gate
  assert.equal(count('lstm-ph'), 4);
  assert.equal(count('ugrnn'), 2); // a gate, no forget gate
  for (const trial of expandSweep(spec)) {
    if (trial.config.cell === 'lstm-nfg' || trial.config.cell === 'lstm-cifg')
      assert.equal(trial.config.unitForgetBias, false);
  }
});

test('an unknown cell is refused with the list of cells', () => {
  assert.throws(() => parseSweepSpec(`${base}cells: lstm-xyz`), /lstm-cifg/);
});
