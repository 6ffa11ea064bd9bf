import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CellPlugin } from './cell-plugin.js';
import { InvalidCellPluginError, UnknownCellPluginError } from './errors.js';
import { loadCellPlugins } from './load-cell-plugins.js';
import { paramCount } from './param-count.js';
import { registerCellPlugin } from './plugin-registry.js';
import { shapeOf } from './test-shapes.js';

const valid: CellPlugin = {
  name: 'valid-one',
  layerParamCount: (inputSize, hidden) => hidden * (inputSize + hidden) + hidden,
  createLayer: (tf, options) => tf.layers.simpleRNN({ ...options }),
};

test('an unloaded plugin cell is refused naming the loaded plugins and CELLSWEEP_PLUGINS', () => {
  registerCellPlugin(valid, 'test');
  assert.throws(
    () => paramCount(shapeOf({ cell: 'plugin:missing' })),
    (error: unknown) =>
      error instanceof UnknownCellPluginError &&
      /cell "plugin:missing" is not loaded on this machine \(loaded plugins: [^)]*plugin:valid-one/.test(
        error.message,
      ) &&
      /lists it in CELLSWEEP_PLUGINS/.test(error.message),
  );
});

test('a plugin with a bad name, a missing function or a count that does not grow is refused', () => {
  const cases: [unknown, RegExp][] = [
    [null, /not a cell plugin object/],
    [{ ...valid, name: '../evil' }, /name "..\/evil" must be 1-40 lowercase letters/],
    [{ ...valid, name: 'nocount', layerParamCount: undefined }, /"nocount" has no function layerParamCount/],
    [{ ...valid, name: 'flat', layerParamCount: () => 10 }, /layerParamCount must grow with hidden/],
    [{ ...valid, name: 'fraction', layerParamCount: (i: number, h: number) => h * i + 0.5 }, /not a positive integer/],
  ];
  for (const [plugin, reason] of cases) {
    assert.throws(
      () => registerCellPlugin(plugin, 'test'),
      (error: unknown) => error instanceof InvalidCellPluginError && reason.test(error.message),
    );
  }
});

test('another plugin under a taken name is refused; the same one again is not', () => {
  registerCellPlugin(valid, 'test');
  assert.throws(() => registerCellPlugin({ ...valid }, 'other-module'), /name "valid-one" is already taken by test/);
});

test('a module that cannot be imported is named with the reason', async () => {
  await assert.rejects(
    loadCellPlugins(['cellsweep-plugin-that-does-not-exist']),
    (error: unknown) =>
      error instanceof InvalidCellPluginError &&
      /"cellsweep-plugin-that-does-not-exist".*cannot be imported/.test(error.message),
  );
});
