/**
 * Migration 20261207081200_gradient_slope recomputes the slope of every stored gradient-norm curve in SQL. Its rule
 * must be core's `gradientSlope`: rows written before the migration, then migrated, must read back exactly what the
 * TypeScript definition gives for the same norms.
 */
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gradientSlope } from '@cellsweep/core';
import { runMigrations } from './migrate.js';
import { findMigrationsDir } from './migration-files.js';
import { DRIVERS, makeMigrationsDir, openTestConnection, type TempDir, type TestConnection } from './test-support.js';

const MIGRATION = '20261207081200_gradient_slope';

const geometric = (rate: number, steps: number): number[] =>
  Array.from({ length: steps }, (_, t) => 0.37 * rate ** (steps - 1 - t));

/** Curves that exercise every branch of the rule: fitted steps, holes, underflow, the one-step bound, no gradient. */
const CURVES: Record<string, number[]> = {
  vanishing: geometric(0.5, 12),
  stable: geometric(1, 12),
  exploding: geometric(2, 12),
  underflowing: geometric(0.1, 40),
  irregular: [0.8, 0, 1.3e-3, 2.5e-2, Number.NaN, 0.31, 0.02, 1e-40, 0.9, 1.7],
  lastOnly: [0, 0, 0, 0, 0, 0, 0.37],
  firstOnly: [1.25, 0, 0, 0],
  subnormalAndOne: [1e-45, 0.5],
  overflowed: [Number.POSITIVE_INFINITY, 0.3, 0.2],
  none: [0, 0, 0],
  nanAndOne: [Number.NaN, 0.4],
  empty: [],
};

const floatArray = (values: readonly number[]): string => `'{${values.map(String).join(',')}}'::float8[]`;

for (const driver of DRIVERS) {
  describe(`gradient-slope backfill on ${driver} (migration ${MIGRATION})`, () => {
    let conn: TestConnection;
    let dir: TempDir;
    before(async () => {
      conn = await openTestConnection(driver);
      dir = makeMigrationsDir();
      rmSync(join(dir.path, MIGRATION), { recursive: true });
      await runMigrations(conn.executor, { migrationsDir: dir.path });
      await seedLegacyRows(conn);
      cpSync(join(findMigrationsDir(), MIGRATION), join(dir.path, MIGRATION), { recursive: true });
      const report = await runMigrations(conn.executor, { migrationsDir: dir.path });
      assert.deepEqual(report.applied, [MIGRATION]);
    });
    after(async () => {
      dir?.remove();
      await conn?.close();
    });

    test("every stored epoch curve gets the slope core's gradientSlope gives for it", async () => {
      const { rows } = await conn.executor.query<{
        trial_id: string;
        gradient_norms: number[];
        gradient_slope: number | null;
      }>(`SELECT trial_id, gradient_norms, gradient_slope FROM epoch_metrics WHERE trial_id = 'curves' ORDER BY epoch`);
      const names = Object.keys(CURVES);
      assert.equal(rows.length, names.length);
      rows.forEach((row, i) => {
        const name = names[i] as string;
        const expected = gradientSlope(CURVES[name] as number[]);
        if (expected === null) assert.equal(row.gradient_slope, null, name);
        else
          assert.ok(
            row.gradient_slope !== null &&
              Math.abs(row.gradient_slope - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
            `${name}: ${row.gradient_slope} vs ${expected}`,
          );
      });
      // The known answers, to be sure both sides are not wrong together.
      const slopeOf = (name: string) => rows[names.indexOf(name)]?.gradient_slope as number;
      assert.ok(Math.abs(slopeOf('vanishing') - Math.log(0.5)) < 1e-12);
      assert.ok(Math.abs(slopeOf('stable')) < 1e-12);
      assert.ok(Math.abs(slopeOf('exploding') - Math.log(2)) < 1e-12);
      assert.ok(Math.abs(slopeOf('underflowing') - Math.log(0.1)) < 1e-12);
      assert.ok(Math.abs(slopeOf('irregular') - -0.3464813121134917) < 1e-12); // scipy.stats.linregress
    });

    test("a finished trial takes its selected epoch's slope (best, or last for memorization); the initial one stays unknown", async () => {
      const { rows } = await conn.executor.query<{
        id: string;
        gradient_slope: number | null;
        initial_gradient_slope: number | null;
      }>(`SELECT id, gradient_slope, initial_gradient_slope FROM trials ORDER BY id`);
      const byId = new Map(rows.map((row) => [row.id, row]));
      assert.ok(
        Math.abs((byId.get('best-2')?.gradient_slope as number) - Math.log(2)) < 1e-12,
        'epoch 2 of 3 was the best',
      );
      assert.ok(
        Math.abs((byId.get('memorize')?.gradient_slope as number) - Math.log(2)) < 1e-12,
        'memorization keeps the last epoch',
      );
      assert.equal(byId.get('running')?.gradient_slope, null, 'an unfinished trial has no final slope');
      assert.equal(byId.get('unprobed')?.gradient_slope, null, 'no norms stored: nothing to recompute');
      assert.ok(rows.every((row) => row.initial_gradient_slope === null));
    });
  });
}

/** A sweep with trials and epoch rows as the schema before the migration held them. */
async function seedLegacyRows(conn: TestConnection): Promise<void> {
  const db = conn.executor;
  await db.exec(`INSERT INTO sweeps (id, name, spec, spec_hash, updated_at) VALUES ('s', 'legacy', '{}', 'h', now())`);
  const trial = (
    id: string,
    ordinal: number,
    status: string,
    dataset: string,
    bestEpoch: number | null,
    epochsRun: number | null,
  ) =>
    db.exec(`INSERT INTO trials (id, sweep_id, config_key, ordinal, cell, hidden, layers, param_count, seed, config, status, best_epoch, epochs_run, gradient_reach, updated_at)
             VALUES ('${id}', 's', '${id}', ${ordinal}, 'rnn', 4, 1, 40, 0, '{"task":{"dataset":"${dataset}"}}', '${status}', ${bestEpoch}, ${epochsRun}, 3, now())`);
  const epoch = (trialId: string, epochNumber: number, norms: readonly number[]) =>
    db.exec(`INSERT INTO epoch_metrics (trial_id, epoch, train_loss, val_loss, samples_per_sec, epoch_time_ms, gradient_norms)
             VALUES ('${trialId}', ${epochNumber}, 1, 1, 1, 1, ${floatArray(norms)})`);
  await trial('curves', 0, 'RUNNING', 'adding', null, null);
  for (const [i, norms] of Object.values(CURVES).entries()) await epoch('curves', i + 1, norms);
  // Epoch 2 has slope ln 2, epochs 1 and 3 ln 0.5: whichever epoch the backfill picks shows.
  for (const [id, ordinal, status, dataset, best, run] of [
    ['best-2', 1, 'COMPLETED', 'adding', 2, 3],
    ['memorize', 2, 'COMPLETED', 'memorize', 1, 2],
    ['running', 3, 'RUNNING', 'adding', null, null],
  ] as const) {
    await trial(id, ordinal, status, dataset, best, run);
    await epoch(id, 1, geometric(0.5, 8));
    await epoch(id, 2, geometric(2, 8));
    if (id !== 'memorize') await epoch(id, 3, geometric(0.5, 8));
  }
  await trial('unprobed', 4, 'COMPLETED', 'adding', 1, 1);
  await epoch('unprobed', 1, []);
}
