// Part of .ci/docker-e2e: the distributed sweep (3 worker containers, one SIGKILLed mid-trial) against the embedded
// `cellsweep run` of the same spec, both from `cellsweep results --format json`, matched by configKey.
//   node .ci/docker-e2e-compare.mjs distributed.json embedded.json workers.log killed-trial-id
// Every trial must match bit for bit, the resumed one too (resume from a checkpoint is bit-identical: issue 19
// item 5). Exits 1 on any difference, printing every trial's verdict.
import { readFileSync } from 'node:fs';

const [distributedPath, embeddedPath, workersLogPath, killedTrial] = process.argv.slice(2);
const distributed = JSON.parse(readFileSync(distributedPath, 'utf8')).trials;
const embedded = new Map(JSON.parse(readFileSync(embeddedPath, 'utf8')).trials.map((t) => [t.configKey, t]));
const workersLog = readFileSync(workersLogPath, 'utf8');

const SAME_CONFIG = ['cell', 'hidden', 'layers', 'paramCount', 'seed', 'status', 'backend'];
const SAME_RESULT = [
  'epochsRun',
  'bestEpoch',
  'trainLoss',
  'valLoss',
  'testLoss',
  'valMetric',
  'testMetric',
  'initialGradientSlope',
  'gradientSlope',
];
const problems = [];
const exact = [];

if (distributed.length !== embedded.size) {
  problems.push(`${distributed.length} trials distributed, ${embedded.size} embedded`);
}
if (new Set(distributed.map((t) => t.configKey)).size !== distributed.length) {
  problems.push('a configKey appears twice');
}
for (const trial of distributed) {
  const label = `${trial.cell} h=${trial.hidden} seed=${trial.seed} (${trial.id.slice(0, 12)})`;
  const twin = embedded.get(trial.configKey);
  if (!twin) {
    problems.push(`${label}: not in the embedded run`);
    continue;
  }
  if (trial.status !== 'COMPLETED') problems.push(`${label}: ${trial.status}`);
  // Exactly once: one completion in all the workers' logs; the killed trial has a second attempt, the others one.
  const completions = workersLog
    .split(`trial ${trial.id}: attempt`)
    .slice(1)
    .filter((s) => /^ \d+ completed/.test(s));
  if (completions.length !== 1) problems.push(`${label}: ${completions.length} completions in the workers' logs`);
  const resumed = trial.id === killedTrial;
  if (trial.attempt !== (resumed ? 2 : 1)) problems.push(`${label}: attempt ${trial.attempt}`);
  for (const field of SAME_CONFIG) {
    if (trial[field] !== twin[field]) problems.push(`${label}: ${field} ${trial[field]} vs ${twin[field]}`);
  }
  const differing = SAME_RESULT.filter((field) => !Object.is(trial[field], twin[field]));
  const how = resumed ? 'resumed from its checkpoint after the kill' : 'uninterrupted';
  if (differing.length === 0) {
    exact.push(trial.configKey);
    console.log(
      `${label}: attempt ${trial.attempt} (${how}), bit-identical to the embedded run ` +
        `(test loss ${trial.testLoss})`,
    );
  } else {
    const diff = differing.map((field) => `${field} ${trial[field]} vs ${twin[field]}`).join(', ');
    problems.push(`${label} (${how}): ${diff}`);
  }
}
console.log(
  `${exact.length} of ${distributed.length} trials bit-identical to the embedded run` +
    (killedTrial ? `; the killed worker's trial ${killedTrial.slice(0, 12)} finished on attempt 2` : ''),
);
if (problems.length > 0) {
  console.error(`docker e2e: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
