import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeModel } from './describe-model.js';
import { shapeOf } from './test-shapes.js';

test('describeModel names cell, depth x width and the total count with separators', () => {
  // 4*(34*(1+34)+34) + 34*1 + 1 = 4,896 + 35 = 4,931
  const oneOutput = { kind: 'regression', outputSize: 1 } as const;
  const narrow = shapeOf({ cell: 'lstm', inputSize: 1, hidden: 34, layers: 1, head: oneOutput });
  assert.equal(describeModel(narrow), 'lstm 1x34 (4,931 params)');
  // rnn 1->1 (3) + rnn 1->1 (3) + head (2) = 8
  const tiny = shapeOf({ cell: 'rnn', inputSize: 1, hidden: 1, layers: 2, head: oneOutput });
  assert.equal(describeModel(tiny), 'rnn 2x1 (8 params)');
  // 3*(512*520+512) + 2*3*(512*1024+512) + 512*10+10 = 800,256 + 3,148,800 + 5,130
  const wide = shapeOf({ cell: 'gru', inputSize: 8, hidden: 512, layers: 3 });
  assert.equal(describeModel(wide), 'gru 3x512 (3,954,186 params)');
});
