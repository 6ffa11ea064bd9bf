import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

interface JsonTrial {
  status: string;
  seed: number;
  cell: string;
  config: {
    training: { epochs: number; learningRate: number; batchSize: number };
    search?: { role: string; index: number };
  };
}

/** Six suggestions on a tiny adding problem: trains in seconds. */
function spec(name: string, search: string): string {
  return [
    `name: ${name}`,
    'task: { dataset: adding, sequenceLength: 10, trainSize: 64, validationSize: 32, testSize: 32 }',
    'cells: [lstm, gru]',
    'hidden: 4',
    'training: { epochs: 3, batchSize: 32 }',
    `search: ${search}`,
  ].join('\n');
}

const SPACE =
  'space: { training.learningRate: { float: [0.001, 0.1], log: true }, training.batchSize: { choice: [16, 32] } }';

async function runAndList(name: string, search: string): Promise<JsonTrial[]> {
  const run = await sandbox.run(['run', sandbox.spec(`${name}.yaml`, spec(name, search)), '--workers', '3']);
  assert.equal(run.code, 0, run.stderr);
  const results = await sandbox.run(['results', name, '--format', 'json']);
  const { sweep, trials } = JSON.parse(results.stdout) as { sweep: { status: string }; trials: JsonTrial[] };
  assert.equal(sweep.status, 'COMPLETED');
  for (const trial of trials) assert.equal(trial.status, 'COMPLETED');
  return trials;
}

/** The choices made, without ids or timings: what must match between two runs of the same spec. */
const configs = (trials: readonly JsonTrial[]): string[] => trials.map((t) => JSON.stringify(t.config)).sort();

test('random and tpe search run six suggestions each; the same spec twice gives identical trial configs', async () => {
  const random = await runAndList('rand', `{ method: random, trials: 6, parallelism: 2, seed: 3, ${SPACE} }`);
  assert.equal(random.length, 6);
  assert.deepEqual(random.map((t) => t.config.search?.index).sort(), [0, 1, 2, 3, 4, 5]);
  assert.ok(random.every((t) => t.config.training.epochs === 3));

  const tpe = await runAndList('tpe-a', `{ method: tpe, trials: 6, parallelism: 2, seed: 3, ${SPACE} }`);
  const again = await runAndList('tpe-b', `{ method: tpe, trials: 6, parallelism: 2, seed: 3, ${SPACE} }`);
  assert.equal(tpe.length, 6);
  assert.deepEqual(configs(again), configs(tpe));
  // TPE's first suggestions (before it has observations) are random search's with the same seed.
  const first = (trials: JsonTrial[]) => JSON.stringify(trials.find((t) => t.config.search?.index === 0)?.config);
  assert.equal(first(tpe), first(random));
});

test('ASHA trains every suggestion one epoch and promotes some to three; `plan` explains the budget', async () => {
  const search = `{ method: random, trials: 6, parallelism: 3, seed: 3, asha: { minEpochs: 1, reductionFactor: 3 }, ${SPACE} }`;
  const plan = await sandbox.run(['plan', sandbox.spec('asha-plan.yaml', spec('asha', search))]);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /ASHA: rungs at 1, 3 epochs \(η = 3\)/);
  assert.match(plan.stdout, /budget: 6–12 trials/);

  const trials = await runAndList('asha', search);
  const rung = (epochs: number) => trials.filter((t) => t.config.training.epochs === epochs);
  assert.equal(rung(1).length, 6);
  assert.ok(rung(3).length >= 2 && rung(3).length <= 4, `${rung(3).length} promoted`);
  assert.equal(trials.length, rung(1).length + rung(3).length);
});

test("fair mode re-runs each cell's best on fresh seeds, and the verdict uses only those runs", async () => {
  const search = `{ method: random, trials: 3, parallelism: 2, seed: 3, fair: { finalSeeds: 2 }, ${SPACE} }`;
  const run = await sandbox.run(['run', sandbox.spec('fair.yaml', spec('fair', search)), '--workers', '3']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /analysed 4 of 10 trials \(left out: 6 search-phase\)/);
  // The two cells' finals (each with its own tuned learning rate and batch size) are paired by seed in one setting.
  assert.match(
    run.stdout,
    /Verdict \(.* · hidden 4 · 1 layer\):\n {2}- analysed 4 of 10 trials[^\n]*\n {2}- .*between gru and lstm/,
  );
  assert.doesNotMatch(run.stdout, /nothing to compare/);
  const results = await sandbox.run(['results', 'fair', '--format', 'json']);
  const { trials } = JSON.parse(results.stdout) as { trials: JsonTrial[] };
  const finals = trials.filter((t) => t.config.search?.role === 'final');
  assert.deepEqual(finals.map((t) => `${t.cell}:${t.seed}`).sort(), ['gru:1', 'gru:2', 'lstm:1', 'lstm:2']);
});
