// Deletes from a production node_modules what Node never loads, for the Docker image's runtime stage (issue 16:
// the image added ~830 MB to its base). Run after `npm prune --omit=dev`:
//   node scripts/prune-runtime.mjs [root=.]      prints what it removed, by rule, in MB
// Rules, each one checked against what the services load (the CI's docker e2e runs every service on the result):
// - source maps, TypeScript sources and declarations, markdown: never loaded at run time;
// - tfjs packages: Node loads each package's `main` bundle (dist/*.node.js) and the wasm backend's *.wasm; the
//   browser bundles (es2017, fesm, min, miniprogram) and the ESM tree are ~95% of their size. Skipped when
//   @tensorflow/tfjs-node is installed (a build with internet), whose native backend may reach further in;
// - Prisma's client runtime: the query compiler of every other database (the generated client loads Postgres's).
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? '.';
const modules = join(root, 'node_modules');
const removed = new Map();

function sizeOf(path) {
  const stat = lstatSync(path); // a workspace link counts as a link, not as the package it points at
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function remove(path, rule) {
  removed.set(rule, (removed.get(rule) ?? 0) + sizeOf(path));
  rmSync(path, { recursive: true, force: true });
}

const NEVER_LOADED = /\.(map|d\.ts|d\.mts|d\.cts|ts|mts|cts|tsbuildinfo|md|markdown)$/i;

function pruneFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue; // workspace links: our own packages are pruned as built output
    if (entry.isDirectory()) pruneFiles(path);
    else if (NEVER_LOADED.test(entry.name)) remove(path, 'source maps, TypeScript, markdown');
  }
}

const TFJS = [
  'tfjs',
  'tfjs-core',
  'tfjs-layers',
  'tfjs-converter',
  'tfjs-data',
  'tfjs-backend-cpu',
  'tfjs-backend-webgl',
  'tfjs-backend-wasm',
];

function pruneTfjs() {
  if (existsSync(join(modules, '@tensorflow', 'tfjs-node'))) return;
  for (const name of TFJS) {
    const dir = join(modules, '@tensorflow', name);
    if (!existsSync(dir)) continue;
    const main = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).main;
    if (typeof main !== 'string' || !main.startsWith('dist/')) throw new Error(`${dir}: unexpected main ${main}`);
    for (const entry of readdirSync(dir)) {
      if (entry === 'package.json' || entry === 'dist' || /^(LICENSE|NOTICE)/i.test(entry)) continue;
      remove(join(dir, entry), 'tfjs browser bundles and ESM sources');
    }
    for (const entry of readdirSync(join(dir, 'dist'))) {
      if (`dist/${entry}` === main.replace(/^\.\//, '') || entry.endsWith('.wasm')) continue;
      remove(join(dir, 'dist', entry), 'tfjs browser bundles and ESM sources');
    }
  }
}

function prunePrismaRuntime() {
  const dir = join(modules, '@prisma', 'client', 'runtime');
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const provider = /^query_compiler_\w+?_bg\.(\w+)\./.exec(entry)?.[1];
    if (provider && provider !== 'postgresql') remove(join(dir, entry), "Prisma's query compilers of other databases");
  }
}

if (!existsSync(modules)) throw new Error(`no node_modules under ${root}`);
pruneTfjs();
prunePrismaRuntime();
pruneFiles(modules);
for (const dir of readdirSync(root)) {
  // workspaces' own node_modules (dependencies npm could not hoist)
  for (const workspace of ['packages', 'apps'].includes(dir) ? readdirSync(join(root, dir)) : []) {
    const nested = join(root, dir, workspace, 'node_modules');
    if (existsSync(nested)) pruneFiles(nested);
  }
}
for (const [rule, bytes] of removed) console.log(`prune-runtime: ${(bytes / 1e6).toFixed(1)} MB ${rule}`);
console.log(`prune-runtime: ${relative('.', modules) || '.'} now ${(sizeOf(modules) / 1e6).toFixed(1)} MB`);
