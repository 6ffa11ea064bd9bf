/**
 * Seeds the benchmark's sweep: 10,000 trials and 500,000 epoch rows (50 per trial, each with a 30-step gradient-norm
 * curve) in a fresh database. Trials go in
 * through the store (as a run writes them); results and epoch rows are written by three set-based SQL statements,
 * because half a million one-row upserts would make the benchmark about seeding. This is tooling, never shipped
 * code; every value is a bound parameter.
 */
import type { NewTrial, Store } from '@cellsweep/store';
import pg from 'pg';
import { trialConfig } from '../test-fixtures.js';

export const BENCH_TRIALS = 10_000;
export const BENCH_EPOCHS_PER_TRIAL = 50;
/** Input steps of every epoch row's gradient-norm curve (the trainer measures it after each epoch). */
export const BENCH_GRADIENT_STEPS = 30;
const CELLS = ['rnn', 'lstm', 'gru'];
const BUDGETS = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000];
const LEARNING_RATES = [0.03, 0.01, 0.003, 0.001];
const BATCH_SIZES = [32, 64];

export async function seedLargeSweep(store: Store, databaseUrl: string, name: string): Promise<string> {
  const sweep = await store.upsertSweep({ name, spec: { name, task: { dataset: 'adding' } }, specHash: 'bench' });
  const trials: NewTrial[] = [];
  const configsPerSeed = CELLS.length * BUDGETS.length * LEARNING_RATES.length * BATCH_SIZES.length;
  for (let ordinal = 0; ordinal < BENCH_TRIALS; ordinal++) {
    const seed = Math.floor(ordinal / configsPerSeed);
    let rest = ordinal % configsPerSeed;
    const cell = CELLS[rest % CELLS.length]!;
    rest = Math.floor(rest / CELLS.length);
    const budget = BUDGETS[rest % BUDGETS.length]!;
    rest = Math.floor(rest / BUDGETS.length);
    const learningRate = LEARNING_RATES[rest % LEARNING_RATES.length]!;
    const batchSize = BATCH_SIZES[Math.floor(rest / LEARNING_RATES.length)]!;
    const config = trialConfig(cell, budget, learningRate, seed, BENCH_EPOCHS_PER_TRIAL) as {
      training: { batchSize: number };
    };
    config.training.batchSize = batchSize;
    trials.push({
      configKey: `${cell}-${budget}-${learningRate}-${batchSize}-${seed}`,
      ordinal,
      cell,
      hidden: Math.round(Math.sqrt(budget)),
      layers: 1,
      paramBudget: budget,
      paramCount: Math.round(budget * (cell === 'rnn' ? 0.98 : 1.01)),
      seed,
      config,
    });
  }
  for (let start = 0; start < trials.length; start += 2_000)
    await store.addTrials(sweep.id, trials.slice(start, start + 2_000));

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT setseed(0.42)');
    // 95% completed, 4% running, 1% failed (by ordinal, so the leaderboard has all kinds); every trial has 50
    // epoch rows, so the epoch table holds exactly 500,000.
    await client.query(
      `UPDATE trials SET
         status = (CASE WHEN ordinal % 100 < 95 THEN 'COMPLETED' WHEN ordinal % 100 < 99 THEN 'RUNNING'
                        ELSE 'FAILED' END)::"TrialStatus",
         attempt = 1,
         backend = 'wasm',
         started_at = now() - interval '2 hours' + ordinal * interval '1 second',
         updated_at = now() - interval '1 hour'
       WHERE sweep_id = $1`,
      [sweep.id],
    );
    await client.query(
      `UPDATE trials SET
         finished_at = started_at + interval '30 seconds', wall_time_ms = 30000 + (random() * 5000)::int,
         epochs_run = $2, best_epoch = $2,
         train_loss = 0.05 * (CASE cell WHEN 'rnn' THEN 3 ELSE 1 END) * power(8000.0 / param_budget, 0.3) * (0.9 + 0.2 * random()),
         error = NULL
       WHERE sweep_id = $1 AND status = 'COMPLETED'`,
      [sweep.id, BENCH_EPOCHS_PER_TRIAL],
    );
    await client.query(
      `UPDATE trials SET val_loss = train_loss * (1.05 + 0.1 * random()), test_loss = train_loss * (1.08 + 0.1 * random()),
         generalization_gap = NULL
       WHERE sweep_id = $1 AND status = 'COMPLETED'`,
      [sweep.id],
    );
    // Gradient reach: the norm k steps back is rate^k, the rate growing with training from a per-cell start; the
    // reach (steps with rate^k ≥ 1e-3) is 1 + floor(ln 1e-3 / ln rate), at most the sequence length.
    await client.query(
      `UPDATE trials SET
         initial_gradient_reach = LEAST($2::int, 1 + floor(ln(0.001) / ln(CASE cell WHEN 'rnn' THEN 0.45 WHEN 'lstm' THEN 0.7 ELSE 0.65 END))::int),
         gradient_reach = LEAST($2::int, 1 + floor(ln(0.001) / ln(0.1 + CASE cell WHEN 'rnn' THEN 0.45 WHEN 'lstm' THEN 0.7 ELSE 0.65 END))::int)
       WHERE sweep_id = $1 AND status = 'COMPLETED'`,
      [sweep.id, BENCH_GRADIENT_STEPS],
    );
    await client.query(
      `UPDATE trials SET error = 'loss became NaN at epoch 7', finished_at = started_at + interval '5 seconds' WHERE sweep_id = $1 AND status = 'FAILED'`,
      [sweep.id],
    );
    await client.query(
      `INSERT INTO epoch_metrics (trial_id, epoch, attempt, train_loss, val_loss, samples_per_sec, epoch_time_ms,
                                  gradient_norms, gradient_reach)
       SELECT t.id, e.epoch, 1,
              0.05 + exp(-e.epoch / 8.0) * (0.9 + 0.2 * random()),
              0.06 + exp(-e.epoch / 8.0) * (0.95 + 0.2 * random()),
              700 + 50 * random(), 600,
              ARRAY(SELECT power(r.rate, $3::int - s) FROM generate_series(1, $3::int) AS s),
              LEAST($3::int, 1 + floor(ln(0.001) / ln(r.rate))::int)
         FROM trials t CROSS JOIN generate_series(1, $2::int) AS e(epoch)
              CROSS JOIN LATERAL (SELECT (CASE t.cell WHEN 'rnn' THEN 0.45 WHEN 'lstm' THEN 0.7 ELSE 0.65 END)
                                         + 0.1 * e.epoch / $2::float8 AS rate) AS r
        WHERE t.sweep_id = $1`,
      [sweep.id, BENCH_EPOCHS_PER_TRIAL, BENCH_GRADIENT_STEPS],
    );
    await client.query('ANALYZE');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM epoch_metrics');
    return `${sweep.id} (${trials.length} trials, ${(rows[0] as { n: number }).n} epoch rows)`;
  } finally {
    await client.end();
  }
}
