import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// `npm install` of @cellsweep/kernels-native (its install script, packages/kernels-native/scripts/build.mjs) must
// succeed on a machine that cannot build it, leaving no addon, so @cellsweep/kernels runs wasm. Each case installs a
// copy of the package in a temporary directory with something missing; the control case, with everything present,
// must build the addon.
const PACKAGE = fileURLToPath(new URL('../../kernels-native', import.meta.url));

const hasCompiler = spawnSync('cc', ['--version']).status === 0;

function installCopy(parts: string[], env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'kernels-native-'));
  for (const part of parts) cpSync(join(PACKAGE, part), join(dir, part), { recursive: true });
  const result = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--foreground-scripts'], {
    cwd: dir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const loads = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(dir, 'index.cjs'))})`]);
  rmSync(dir, { recursive: true, force: true });
  return { ...result, output: `${result.stdout}${result.stderr}`, built: loads.status === 0 };
}

const SOURCES = ['package.json', 'binding.gyp', 'index.cjs', 'src', 'scripts'];

test('no C compiler (CC and CXX are /bin/false): npm install succeeds and builds nothing', () => {
  const result = installCopy(SOURCES, { CC: '/bin/false', CXX: '/bin/false' });
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /not built \(the compile failed|not built \(no compiler/);
  assert.equal(result.built, false, 'no addon to load');
});

test('no Node headers (npm_config_nodedir points nowhere): npm install succeeds and builds nothing', () => {
  const result = installCopy(SOURCES, { npm_config_nodedir: '/nonexistent-node-headers' });
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /not built/);
  assert.equal(result.built, false);
});

test("manifest only (the Dockerfile's deps stage): npm install succeeds and builds nothing", () => {
  const result = installCopy(['package.json'], {});
  assert.equal(result.status, 0, result.output);
  assert.equal(result.built, false);
});

test('control: with a compiler and headers, the same npm install builds an addon that loads', {
  skip: hasCompiler ? false : 'no C compiler on this machine',
}, () => {
  const result = installCopy(SOURCES, {});
  assert.equal(result.status, 0, result.output);
  assert.ok(result.built, `the addon should load after a build with a compiler:\n${result.output}`);
});
