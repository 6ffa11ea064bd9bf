import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recurrentBackward, recurrentForward } from './fused-recurrent.js';
import { RegionAllocator } from './region-allocator.js';
import { randomWeights, seededArray } from './test-fixtures.js';
import { kernelMemory } from './kernel-selection.js';

function fakeMemory() {
  let buffer = new ArrayBuffer(65_536);
  return {
    get buffer() {
      return buffer;
    },
    grow(pages: number) {
      const old = buffer.byteLength / 65_536;
      buffer = new ArrayBuffer(buffer.byteLength + pages * 65_536);
      return old;
    },
  };
}

test('freed regions coalesce and are reused first-fit; memory grows only past the top', () => {
  const memory = fakeMemory();
  const allocator = new RegionAllocator(memory, 100);
  const a = allocator.alloc(1_000);
  const b = allocator.alloc(70_000);
  const c = allocator.alloc(10);
  assert.equal(a, 128, 'aligned to 64 bytes above the base');
  assert.ok(memory.buffer.byteLength >= c + 64, 'grew to fit');
  allocator.release(a);
  allocator.release(b);
  assert.equal(allocator.alloc(71_000), a, 'a and b coalesced into one free range');
  allocator.release(c);
  assert.throws(() => allocator.release(c), /not an allocated region/);
  assert.equal(allocator.liveBytes, 71_040);
});

test('a forward/backward pair leaves no live wasm memory; inference keeps no tape', () => {
  const config = { cell: 'gru' as const, inputSize: 3, hidden: 6, hardSigmoid: false };
  const shape = { batch: 4, steps: 5 };
  const weights = randomWeights(config, 1);
  const input = seededArray(4 * 5 * 3, 2);
  const { allocator } = kernelMemory();
  const before = allocator.liveBytes;
  const { output, tape } = recurrentForward(config, input, shape, weights, false);
  assert.ok(tape && allocator.liveBytes > before, 'the tape stays in wasm memory until the backward pass');
  recurrentBackward(tape, seededArray(output.length, 3), false);
  assert.equal(allocator.liveBytes, before);
  assert.throws(() => recurrentBackward(tape, seededArray(output.length, 3), false), { name: 'KernelTapeError' });
  const inference = recurrentForward(config, input, shape, weights, false, { keepTape: false });
  assert.equal(inference.tape, null);
  assert.equal(allocator.liveBytes, before);
});
