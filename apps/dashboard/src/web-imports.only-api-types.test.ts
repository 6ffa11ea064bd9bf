/**
 * The web client gets every wire type from `src/api-types.ts`, the one module derived from the functions that build
 * the responses; a type imported from any other server module would be a second, driftable description of the API.
 * Pure functions of `@cellsweep/analysis` (no database, no tensors) are shared on purpose: how a setting is named or
 * an axis number printed is decided once for the CLI, the report and the page.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const webSource = fileURLToPath(new URL('../web/src', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

const SHARED_PURE_MODULES = ['@cellsweep/analysis/axis-number', '@cellsweep/analysis/setting-names'];

test('the web client imports server modules only through api-types.ts', () => {
  const serverImports = sourceFiles(webSource).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)]
      .map((match) => match[1]!)
      .filter((path) => path.includes('/src/') || path.startsWith('@cellsweep/'))
      .filter((path) => !SHARED_PURE_MODULES.includes(path))
      .map((path) => `${file.slice(webSource.length + 1)} -> ${path}`),
  );
  assert.deepEqual([...new Set(serverImports)], ['api.ts -> ../../src/api-types.js']);
});
