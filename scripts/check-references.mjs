// Fails when a comment or a doc points at something that is gone: a file of ours (by its path from the repository
// root or from the commenting file, or by its bare name), a CELLSWEEP_* variable, or an @cellsweep/* package. Comments that named moved
// files and a doc that described a renamed function survived several redesigns (issue 12 item 7), so this runs with
// the whole suite. Usage: node scripts/check-references.mjs   (prints each stale reference as file:line: what)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';

/** Files of other projects our comments cite (graphile/worker's, Optuna's), and names a command example makes up. */
const NOT_OURS = new Set(['interfaces.ts', 'parzen_estimator.py', 'old.prisma', 'copy.prisma']);

const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const files = new Set(tracked);
const folders = new Set(tracked.flatMap((file) => ancestors(file)));
const names = new Set(tracked.map((file) => basename(file)));
const tops = new Set(tracked.filter((file) => file.includes('/')).map((file) => file.split('/')[0]));
const packages = new Set(
  tracked
    .filter((file) => /^(apps|packages)\/[^/]+\/package\.json$/.test(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')).name),
);
const code = tracked.filter((file) => /\.(ts|mts|mjs|js)$/.test(file) && !file.includes('/fixtures/'));
const docs = tracked.filter((file) => /(^|\/)README\.md$|^docs\/.+\.md$/.test(file));
const envVars = new Set(
  code.flatMap((file) => stripComments(readFileSync(file, 'utf8')).match(/\bCELLSWEEP_\w+/g) ?? []),
);

function ancestors(file) {
  const out = [];
  for (let dir = dirname(file); dir !== '.'; dir = dirname(dir)) out.push(dir);
  return out;
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Each comment line of a source file, with its line number. */
function commentLines(text) {
  const lines = [];
  for (const match of text.matchAll(/\/\*[\s\S]*?\*\/|(?<=^|[^:'"`\\])\/\/.*$/gm)) {
    const first = text.slice(0, match.index).split('\n').length;
    match[0].split('\n').forEach((line, i) => lines.push([first + i, line]));
  }
  return lines;
}

const PATH =
  /(?<![\w@/.$:-])((?:\.{1,2}\/)?[\w-]+(?:[/.][\w-]+)*\.(?:ts|mts|mjs|js|md|py|prisma|sql|yaml)|[\w-]+\/[\w./-]*\w)(?![\w/-])/g;

function pathExists(reference, from) {
  // A built file is where its source is: apps/worker/dist/main.js -> apps/worker/src/main.ts.
  const path = reference.replace(/(^|\/)dist\//, '$1src/').replace(/\.js$/, '');
  // From the root, from the commenting file's folder, or from its workspace (a package's own `scripts/…`).
  const workspace = /^(apps|packages)\/[^/]+/.exec(from)?.[0];
  const candidates = [path, normalize(join(dirname(from), path)), ...(workspace ? [join(workspace, path)] : [])];
  return candidates.some(
    (candidate) =>
      folders.has(candidate) ||
      files.has(candidate) ||
      ['.ts', '.mts', '.mjs', '.js', '.tsx'].some((extension) => files.has(candidate + extension)) ||
      existsSync(candidate),
  );
}

function problems(file, line, text) {
  const found = [];
  // A line telling of something gone ("… (deleted long ago)") names it on purpose.
  if (/\b(deleted|removed|renamed|no longer exists)\b/.test(text)) return found;
  for (const [, reference] of text.matchAll(PATH)) {
    if (/[*<>{}]/.test(reference) || reference.startsWith('.test')) continue;
    const local = reference.startsWith('./') || reference.startsWith('../');
    const rooted = tops.has(reference.split('/')[0]) && reference.includes('/');
    if (local || rooted) {
      if (!pathExists(reference, file)) found.push(`path ${reference}`);
    } else if (!reference.includes('/') && /\.(ts|mts|mjs|md|py|prisma)$/.test(reference)) {
      if (!names.has(reference) && !NOT_OURS.has(reference)) found.push(`file ${reference}`);
    }
  }
  for (const [variable] of text.matchAll(/\bCELLSWEEP_[A-Z0-9_]*[A-Z0-9]\b/g)) {
    if (!envVars.has(variable)) found.push(`variable ${variable}`);
  }
  for (const [name] of text.matchAll(/@cellsweep\/[a-z-]*[a-z]/g))
    if (!packages.has(name)) found.push(`package ${name}`);
  return found.map((what) => `${file}:${line}: ${what}`);
}

const stale = [
  ...code.flatMap((file) =>
    commentLines(readFileSync(file, 'utf8')).flatMap(([line, text]) => problems(file, line, text)),
  ),
  ...docs.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, i) => problems(file, i + 1, text)),
  ),
];
if (stale.length > 0) {
  console.error(`reference check: ${stale.length} stale reference(s) in comments or docs:\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
console.log(`reference check: ${code.length + docs.length} files, every file, variable and package they name exists`);
