// Runs every compiled test file (dist/**/*.test.js) with node's test runner.
// Usage: node scripts/run-tests.mjs [workspace dirs...]   (default: all of packages/* and apps/*)
// Node 20's `--test` takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

function workspaces() {
  return ['packages', 'apps'].flatMap((top) =>
    existsSync(top) ? readdirSync(top).map((name) => join(top, name)) : [],
  );
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : workspaces();
// The whole suite (`npm test`, which CI runs) first checks that every declared dependency is imported and every
// export used (scripts/check-workspaces.mjs), and that comments and docs name only files, variables and packages that
// exist (scripts/check-references.mjs); a run of chosen workspaces skips both.
if (process.argv.length <= 2) {
  for (const script of ['scripts/check-workspaces.mjs', 'scripts/check-references.mjs']) {
    const check = spawnSync(process.execPath, [script], { stdio: 'inherit' });
    if (check.status !== 0) process.exit(check.status ?? 1);
  }
}
// tsc -b never deletes the output of a moved or deleted source, so a compiled test runs only while its source exists
// (a stale dist/plan.*.test.js left in the trainer after planning moved out would fail on its stale imports).
const sourceOf = (root, file) => join(root, 'src', relative(join(root, 'dist'), file)).replace(/\.js$/, '.ts');
const files = roots
  .flatMap((root) => testFiles(join(root, 'dist')).filter((file) => existsSync(sourceOf(root, file))))
  .sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')} (did the build run?)`);
  process.exit(1);
}
const concurrency = process.env.CELLSWEEP_TEST_CONCURRENCY ?? '2';
// One migrated PGlite store for the whole run, copied by the tests that need an embedded store (the store's
// migratedPgliteTemplate): building one from nothing in every test file cost ~9 CPU-s each.
// Built here, before the tests start, so that test files running at once do not each build it.
const templates = mkdtempSync(join(tmpdir(), 'cellsweep-test-templates-'));
const env = { ...process.env, CELLSWEEP_TEST_PGLITE_TEMPLATES: templates };
let status = 1;
try {
  const needsTemplate = files.some((file) =>
    /openTestStore|createSandbox|copyMigratedPglite/.test(readFileSync(file, 'utf8')),
  );
  const build = "import('@cellsweep/store/testing').then((testing) => testing.migratedPgliteTemplate())";
  const template = needsTemplate ? spawnSync(process.execPath, ['-e', build], { stdio: 'inherit', env }) : undefined;
  status =
    template && template.status !== 0
      ? (template.status ?? 1)
      : (spawnSync(
          process.execPath,
          ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
          { stdio: 'inherit', env },
        ).status ?? 1);
} finally {
  rmSync(templates, { recursive: true, force: true });
}
process.exit(status);
