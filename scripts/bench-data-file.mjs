// Measures reading a long-format CSV data file the way `cellsweep plan` does (resolveDataFiles: stream, hash, parse,
// split, standardise): wall time and peak memory (max RSS) against the file's size. Issue 11's target: a 100 MB
// long CSV in < 15 s on one core with peak memory < 3x the file.
// Usage: npm run build && node scripts/bench-data-file.mjs [megabytes=100]
// The file is generated (seeded) into a temporary folder and removed afterwards.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const megabytes = Number(process.argv[2] ?? 100);
if (process.argv[3] === '--child') {
  const { resolveDataFiles } = await import('@cellsweep/datasets');
  const { validateSweepSpec } = await import('@cellsweep/core');
  const path = process.argv[4];
  const spec = validateSweepSpec({
    name: 'bench',
    task: { dataset: 'file', path, kind: 'classification', layout: 'long', target: 'label' },
    cells: 'gru',
    hidden: 8,
  });
  const started = performance.now();
  const { dataFiles } = await resolveDataFiles(spec, '.');
  const seconds = (performance.now() - started) / 1000;
  const [report] = dataFiles;
  console.log(JSON.stringify({ seconds, sequences: report.summary.sequences, steps: report.summary.sequenceLength }));
  process.exit(0);
}

const STEPS = 100;
const FEATURES = 8;
const dir = mkdtempSync(join(tmpdir(), 'cellsweep-bench-data-'));
const path = join(dir, 'long.csv');
const out = createWriteStream(path);
let state = 12_345;
const random = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
out.write(`sequence,step,${Array.from({ length: FEATURES }, (_, i) => `f${i}`).join(',')},label\n`);
let sequences = 0;
while (out.bytesWritten + out.writableLength < megabytes * 1e6) {
  const label = sequences % 3 === 0 ? 'a' : 'b';
  let chunk = '';
  for (let t = 0; t < STEPS; t++) {
    const values = Array.from({ length: FEATURES }, () => (random() * 20 - 10).toFixed(3));
    chunk += `s${sequences},${t},${values.join(',')},${label}\n`;
  }
  if (!out.write(chunk)) await once(out, 'drain');
  sequences++;
}
out.end();
await once(out, 'finish');
const bytes = statSync(path).size;

// A child process per measurement, so max RSS is the reader's own (GNU time's "Maximum resident set size").
const child = spawnSync(
  '/usr/bin/time',
  ['-v', process.execPath, process.argv[1], String(megabytes), '--child', path],
  {
    encoding: 'utf8',
  },
);
rmSync(dir, { recursive: true, force: true });
if (child.status !== 0) {
  console.error(child.stderr);
  process.exit(1);
}
const result = JSON.parse(child.stdout.trim().split('\n').at(-1));
const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1]);
// CPU seconds of the whole child (user + system): what one core spends, whatever else the machine is doing.
const cpuSeconds = ['User', 'System'].reduce(
  (sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(child.stderr)?.[1] ?? NaN),
  0,
);
const mb = (n) => (n / 1e6).toFixed(1);
console.log(
  `long CSV ${mb(bytes)} MB (${result.sequences} sequences × ${result.steps} steps × ${FEATURES} features): ` +
    `read in ${result.seconds.toFixed(1)} s wall (process CPU ${cpuSeconds.toFixed(1)} s), ` +
    `peak RSS ${mb(maxRssKb * 1024)} MB = ${((maxRssKb * 1024) / bytes).toFixed(2)}× the file`,
);
