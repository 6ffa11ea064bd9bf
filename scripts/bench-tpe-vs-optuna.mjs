#!/usr/bin/env node
/**
 * Issue 19 item 9's side-by-side: @cellsweep/search's TPE against Optuna's TPESampler (Debian's python3-optuna,
 * both with their defaults: 10 random start-up trials, 24 candidates, gamma 0.1 capped at 25) on objectives of our
 * own, many seeds × sequential trials (each suggestion sees every earlier result). Prints per objective and tool:
 * the median (and quartiles) of the final best value, for objectives with a categorical optimum the fraction of runs
 * whose best trial sits in a wrong category, and the suggestion latency after the start-up trials.
 *
 *   apt-get install -y python3-optuna
 *   npm run build && node scripts/bench-tpe-vs-optuna.mjs [--seeds 100] [--first-seed 0] [--trials 60]
 *     [--objectives float-x-categorical,log-float-x-float,log-int-x-int] [--unpatched]
 *
 * Optuna 3.1.0 has a continuous-parameter bug (optuna#5109, fixed in 3.5); the Optuna side applies the fix unless
 * --unpatched (bench-tpe-vs-optuna.py). Latency: cellsweep's is one suggestTpe call (all parameters); Optuna's is
 * the suggest_* calls of one trial, storage bookkeeping included, which is what a user of either waits for.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { suggestTpe } = await import(new URL('../packages/search/dist/index.js', import.meta.url).href);
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '100' },
    'first-seed': { type: 'string', default: '0' },
    trials: { type: 'string', default: '60' },
    objectives: { type: 'string', default: 'float-x-categorical,log-float-x-float,log-int-x-int' },
    unpatched: { type: 'boolean', default: false },
  },
});
const seeds = Number(values.seeds);
const firstSeed = Number(values['first-seed']);
const trials = Number(values.trials);

/**
 * Objectives as data, so that both sides evaluate exactly the same sum of terms: "log-quadratic" is
 * scale·(log10 x − log10 center)², "quadratic" scale·(x − center)², "table" a value per choice.
 */
const OBJECTIVES = {
  // A learning rate (optimum 3e-3) and a 5-way choice whose best option is worth 0.02-0.08 less than the others:
  // small beside the learning-rate term (up to 0.62), so TPE must keep trying other categories to find it.
  'float-x-categorical': {
    params: [
      { name: 'lr', kind: 'float', low: 1e-5, high: 1, log: true },
      { name: 'optimizer', kind: 'categorical', choices: ['a', 'b', 'c', 'd', 'e'] },
    ],
    terms: [
      { param: 'lr', kind: 'log-quadratic', center: 3e-3, scale: 0.1 },
      { param: 'optimizer', kind: 'table', values: { a: 0.03, b: 0.05, c: 0, d: 0.02, e: 0.08 } },
    ],
    bestChoice: { param: 'optimizer', value: 'c' },
  },
  'log-float-x-float': {
    params: [
      { name: 'lr', kind: 'float', low: 1e-5, high: 1, log: true },
      { name: 'dropout', kind: 'float', low: 0, high: 0.5 },
    ],
    terms: [
      { param: 'lr', kind: 'log-quadratic', center: 3e-3, scale: 0.1 },
      { param: 'dropout', kind: 'quadratic', center: 0.1, scale: 1 },
    ],
  },
  'log-int-x-int': {
    params: [
      { name: 'hidden', kind: 'int', low: 4, high: 512, log: true },
      { name: 'layers', kind: 'int', low: 1, high: 6 },
    ],
    terms: [
      { param: 'hidden', kind: 'log-quadratic', center: 64, scale: 0.5 },
      { param: 'layers', kind: 'quadratic', center: 2, scale: 0.05 },
    ],
  },
};

/** The objective's sum of terms; the same arithmetic as evaluate() in bench-tpe-vs-optuna.py. */
function evaluate(objective, params) {
  let total = 0;
  for (const term of objective.terms) {
    const x = params[term.param];
    if (term.kind === 'log-quadratic') total += term.scale * (Math.log10(x) - Math.log10(term.center)) ** 2;
    else if (term.kind === 'quadratic') total += term.scale * (x - term.center) ** 2;
    else total += term.values[String(x)];
  }
  return total;
}

function space(objective) {
  return objective.params.map((p) => ({
    name: p.name,
    domain:
      p.kind === 'categorical'
        ? { kind: 'categorical', choices: p.choices }
        : { kind: p.kind, low: p.low, high: p.high, log: p.log },
  }));
}

/** One sequential run of cellsweep's TPE: each suggestion sees every earlier observation. */
function runCellsweep(objective, seed) {
  const observations = [];
  const suggestMs = [];
  const searchSpace = space(objective);
  for (let index = 0; index < trials; index++) {
    const started = performance.now();
    const params = suggestTpe(searchSpace, seed, index, observations);
    if (index >= 10) suggestMs.push(performance.now() - started);
    observations.push({ index, params, value: evaluate(objective, params) });
  }
  const best = observations.reduce((a, b) => (b.value < a.value ? b : a));
  return { seed, best: best.value, bestParams: best.params, suggestMs };
}

function runOptuna(objective) {
  const script = fileURLToPath(new URL('bench-tpe-vs-optuna.py', import.meta.url));
  const args = [script, '--seeds', String(seeds), '--first-seed', String(firstSeed), '--trials', String(trials)];
  if (values.unpatched) args.push('--unpatched');
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(
            stdout
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line)),
          )
        : reject(new Error(`optuna side exited ${code}:\n${stderr}`)),
    );
    child.stdin.end(JSON.stringify(objective));
  });
}

const quantile = (sorted, q) => {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
};

function summary(objective, runs) {
  const bests = runs.map((r) => r.best).sort((a, b) => a - b);
  const latencies = runs.flatMap((r) => r.suggestMs).sort((a, b) => a - b);
  const stuck = objective.bestChoice
    ? runs.filter((r) => r.bestParams[objective.bestChoice.param] !== objective.bestChoice.value).length / runs.length
    : undefined;
  return {
    median: quantile(bests, 0.5),
    q1: quantile(bests, 0.25),
    q3: quantile(bests, 0.75),
    stuck,
    latencyMedian: quantile(latencies, 0.5),
    latencyP90: quantile(latencies, 0.9),
  };
}

const fmt = (x) => x.toPrecision(3);
console.log(
  `${seeds} seeds (${firstSeed}..${firstSeed + seeds - 1}) × ${trials} sequential trials per objective; ` +
    `Optuna ${values.unpatched ? '3.1.0 as shipped' : '3.1.0 + the optuna#5109 fix (= >= 3.5 here)'}; ` +
    `${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at start`,
);
console.log(
  'objective             tool       median best  [q1, q3]               wrong category  suggest ms median (p90)',
);
for (const name of values.objectives.split(',')) {
  const objective = OBJECTIVES[name];
  if (!objective) throw new Error(`unknown objective ${name}; known: ${Object.keys(OBJECTIVES).join(', ')}`);
  const ours = summary(
    objective,
    Array.from({ length: seeds }, (_, i) => runCellsweep(objective, firstSeed + i)),
  );
  const theirs = summary(objective, await runOptuna(objective));
  for (const [tool, s] of [
    ['cellsweep', ours],
    ['optuna', theirs],
  ]) {
    const stuck = s.stuck === undefined ? '-' : `${(100 * s.stuck).toFixed(0)}%`;
    console.log(
      `${name.padEnd(21)} ${tool.padEnd(10)} ${fmt(s.median).padStart(11)}  [${fmt(s.q1)}, ${fmt(s.q3)}]`.padEnd(70) +
        `${stuck.padStart(14)}  ${s.latencyMedian.toFixed(2)} (${s.latencyP90.toFixed(2)})`,
    );
  }
  const ratio = theirs.latencyMedian / ours.latencyMedian;
  console.log(`${''.padEnd(21)} optuna / cellsweep suggestion latency: ${ratio.toFixed(0)}×`);
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at end`,
);
