/**
 * README and docs are promises: every example file they name exists, and the spec error they show is the one the
 * CLI prints. A new user followed README to `examples/width-sweep.yaml` (deleted long ago) and saw a different
 * error text from the one shown.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSandbox } from './test-cli.js';

// dist/ -> apps/cli -> repo root
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const sandbox = createSandbox();
after(() => sandbox.remove());

function documents(): [string, string][] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name): [string, string] => [`docs/${name}`, readFileSync(join(ROOT, 'docs', name), 'utf8')]);
  return [['README.md', README], ...docs];
}

test('every examples/ path named in README.md and docs/ exists', () => {
  const missing: string[] = [];
  for (const [name, text] of documents()) {
    for (const [path] of text.matchAll(/examples\/[A-Za-z0-9_./-]*[A-Za-z0-9_/]/g)) {
      if (!existsSync(join(ROOT, path))) missing.push(`${name}: ${path}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the example files README lists by bare name under "More examples" exist', () => {
  const line = README.split('\n').find((text) => text.startsWith('More examples in `examples/`'));
  assert.ok(line, 'README has the "More examples" line');
  const names = [...line.matchAll(/`([a-z0-9-]+\.yaml)`/g)].map((match) => match[1] ?? '');
  assert.ok(names.length > 0);
  for (const name of names) assert.ok(existsSync(join(ROOT, 'examples', name)), `examples/${name}`);
});

test('the invalid-spec error README shows is what `cellsweep plan` prints for that spec', async () => {
  const shown = /```\n(cellsweep: bad\.yaml: invalid sweep spec[^`]*)```/.exec(README)?.[1];
  assert.ok(shown, 'README shows the bad.yaml error');
  // The two mistakes README's sample names: an unknown cell and an unknown training field.
  sandbox.spec(
    'bad.yaml',
    'name: bad\ntask: { dataset: adding }\ncells: [rnn, lstn]\nparamBudget: 5000\ntraining: { lr: 0.01 }\n',
  );
  const result = await sandbox.run(['plan', 'bad.yaml']);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr, shown);
});
