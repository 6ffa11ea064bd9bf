import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const main = fileURLToPath(new URL('./main.js', import.meta.url));

/**
 * Runs `code` (an ES module body) in a fresh node and returns the CommonJS modules it loaded from @tensorflow/.
 * tfjs is CommonJS under Node, so even when an ES module imports it, it lands in the shared require cache.
 */
function tensorflowModulesAfter(code: string): string[] {
  const probe = `${code}
const { createRequire } = await import('node:module');
const loaded = Object.keys(createRequire(process.cwd() + '/').cache).filter((path) => path.includes('/@tensorflow/'));
console.log('\\n' + JSON.stringify(loaded));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null') as string[];
}

test('the probe sees tfjs when something loads it (the trainer)', () => {
  assert.ok(tensorflowModulesAfter("await import('@cellsweep/trainer');").length > 0);
});

test('importing the scheduler, the search driver or the planner loads no tfjs', () => {
  for (const name of ['@cellsweep/scheduler', '@cellsweep/search-driver', '@cellsweep/planner']) {
    assert.deepEqual(tensorflowModulesAfter(`await import('${name}');`), [], name);
  }
});

test('the CLI entry, and `cellsweep plan` on a budget sweep, load no tfjs', () => {
  assert.deepEqual(tensorflowModulesAfter(`await import(${JSON.stringify(main)});`), []);
  const plan = `const { main } = await import(${JSON.stringify(main)});
await main(['node', 'cellsweep', 'plan', 'examples/search/fair.yaml']);
await main(['node', 'cellsweep', 'plan', 'examples/quick.yaml']);`;
  assert.deepEqual(tensorflowModulesAfter(plan), []);
});
