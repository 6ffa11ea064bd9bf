import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bitsPerParameter, memorizedBits } from './capacity.js';

test('worked example: 1,000 samples, 4 classes, half a bit of loss left', () => {
  // log2 4 = 2 bits per label. Loss 0.5·ln 2 nats = 0.5 bits per sample still unknown, so 1.5 bits stored each:
  // 1,000 · 1.5 = 1,500 bits; with 500 parameters, 3 bits per parameter.
  const bits = memorizedBits({ samples: 1_000, classes: 4, trainLossNats: 0.5 * Math.LN2 });
  assert.ok(Math.abs(bits - 1_500) < 1e-9);
  assert.ok(Math.abs(bitsPerParameter(bits, 500) - 3) < 1e-12);
});

test('perfect memorization stores log2 C bits per sample; chance-level loss or worse stores none', () => {
  assert.equal(memorizedBits({ samples: 256, classes: 2, trainLossNats: 0 }), 256);
  // Chance for 10 classes is ln 10 nats; above it the clamp gives 0, not negative memory.
  assert.equal(memorizedBits({ samples: 100, classes: 10, trainLossNats: Math.log(10) }), 0);
  assert.equal(memorizedBits({ samples: 100, classes: 10, trainLossNats: 5 }), 0);
});

test('bad inputs are refused', () => {
  assert.throws(() => memorizedBits({ samples: 10, classes: 1, trainLossNats: 0 }), /classes/);
  assert.throws(() => memorizedBits({ samples: 10, classes: 2, trainLossNats: NaN }), /trainLossNats/);
  assert.throws(() => bitsPerParameter(10, 0), /paramCount/);
});
