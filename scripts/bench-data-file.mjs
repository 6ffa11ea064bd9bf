// Measures reading a long-format CSV data file the way `cellsweep plan` does (resolveDataFiles: stream, hash, parse,
// split, standardise), with and without the parsed-file cache, and a training thread's later load (loadFileDataset)
// from that cache: wall time, CPU and peak memory (max RSS) against the file's size. Issue 11's targets: a 100 MB
// long CSV in < 15 s on one core with peak memory < 3x the file; a cached second load < 1 s.
// Usage: npm run build && node scripts/bench-data-file.mjs [megabytes=100]
// The file is generated (seeded) into a temporary folder and removed afterwards.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const megabytes = Number(process.argv[2] ?? 100);
if (process.argv[3] === '--child') {
  const { loadFileDataset, resolveDataFiles } = await import('@cellsweep/datasets');
  const { validateSweepSpec } = await import('@cellsweep/core');
  const [, , , , mode, path, cacheDir, taskFile] = process.argv;
  const options = cacheDir === '-' ? {} : { parsedCacheDir: cacheDir };
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let sequences;
  let steps;
  if (mode === 'plan') {
    const spec = validateSweepSpec({
      name: 'bench',
      task: { dataset: 'file', path, kind: 'classification', layout: 'long', target: 'label' },
      cells: 'gru',
      hidden: 8,
    });
    const { spec: resolved, dataFiles } = await resolveDataFiles(spec, '.', options);
    writeFileSync(taskFile, JSON.stringify(resolved.task[0]));
    [sequences, steps] = [dataFiles[0].summary.sequences, dataFiles[0].summary.sequenceLength];
  } else {
    // What a training thread does: load the planned task.
    const dataset = await loadFileDataset(JSON.parse(readFileSync(taskFile, 'utf8')), options);
    [sequences, steps] = [dataset.train.count + dataset.validation.count + dataset.test.count, dataset.sequenceLength];
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  console.log(JSON.stringify({ seconds, loadCpuSeconds: (cpu.user + cpu.system) / 1e6, sequences, steps }));
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

// A child process per measurement, so max RSS is the reader's own (GNU time's "Maximum resident set size"), and
// each load is a process that has not seen the file: as another training thread or worker process would be.
const cacheDir = join(dir, 'parsed-cache');
const taskFile = join(dir, 'task.json');
function measure(mode, cache) {
  const child = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, process.argv[1], String(megabytes), '--child', mode, path, cache, taskFile],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) {
    console.error(child.stderr);
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1));
  const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1]);
  // CPU seconds of the whole child (user + system): what one core spends, whatever else the machine is doing.
  const cpuSeconds = ['User', 'System'].reduce(
    (sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(child.stderr)?.[1] ?? NaN),
    0,
  );
  return { ...result, peakBytes: maxRssKb * 1024, cpuSeconds };
}
const parse = measure('plan', '-');
const first = measure('plan', cacheDir);
const parsedBytes = readdirSync(cacheDir)
  .filter((name) => name.endsWith('.parsed'))
  .reduce((sum, name) => sum + statSync(join(cacheDir, name)).size, 0);
const cached = measure('load', cacheDir);
const uncachedLoad = measure('load', '-');
rmSync(dir, { recursive: true, force: true });
const mb = (n) => (n / 1e6).toFixed(1);
const line = (what, m) =>
  `  ${what.padEnd(38)} ${m.seconds.toFixed(2).padStart(6)} s wall, CPU ${m.loadCpuSeconds.toFixed(2).padStart(5)} s ` +
  `(process ${m.cpuSeconds.toFixed(1).padStart(4)} s with start-up), ` +
  `peak RSS ${mb(m.peakBytes)} MB = ${(m.peakBytes / bytes).toFixed(2)}× the file`;
console.log(`long CSV ${mb(bytes)} MB (${parse.sequences} sequences × ${parse.steps} steps × ${FEATURES} features):`);
console.log(line('parse (plan, no cache)', parse));
console.log(line('first load (plan: parse + write cache)', first));
console.log(line('cached load (a new thread: hash + read)', cached));
console.log(line('load without the cache (parse again)', uncachedLoad));
console.log(
  `  parsed file ${mb(parsedBytes)} MB; cached load ${(uncachedLoad.seconds / cached.seconds).toFixed(0)}× faster`,
);
