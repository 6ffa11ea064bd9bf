import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSandbox } from './test-cli.js';

// dist/ -> apps/cli -> repo root
const PAPERS = fileURLToPath(new URL('../../../examples/papers/', import.meta.url));
const sandbox = createSandbox();
after(() => sandbox.remove());

const specs = readdirSync(PAPERS)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

test('examples/papers holds one spec per paper of issue 13', () => {
  const papers = ['arjovsky-2016', 'chung-2014', 'collins-2017', 'greff-2017', 'jozefowicz-2015', 'le-2015'];
  for (const paper of [...papers, 'melis-2018', 'nakkiran-2019']) {
    assert.ok(specs.includes(`${paper}.yaml`), `examples/papers/${paper}.yaml is missing`);
  }
});

test('every spec under examples/papers plans, under its own file name, with the header a reader needs', async () => {
  const readme = readFileSync(join(PAPERS, 'README.md'), 'utf8');
  for (const file of specs) {
    const text = readFileSync(join(PAPERS, file), 'utf8');
    const header = text.slice(0, text.search(/^name:/m));
    assert.match(header, /^# /, `${file}: starts with a header comment`);
    assert.match(header, /Run time here/, `${file}: the header says how long it runs here`);
    assert.ok(readme.includes(`\`${file}\``), `README.md lists ${file}`);

    const result = await sandbox.run(['plan', join(PAPERS, file)]);
    assert.equal(result.code, 0, `${file}: ${result.stderr}`);
    // The sweep's name is the file's, so `cellsweep compare <file name>` works as the README says.
    assert.match(result.stdout, new RegExp(`^sweep ${file.replace(/\.yaml$/, '')}[: ]`), file);
  }
});
