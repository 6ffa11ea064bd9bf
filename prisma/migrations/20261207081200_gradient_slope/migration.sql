-- Gradient slope: the per-step log-slope of ‖∂loss_T/∂x_t‖ (packages/core src/gradient-slope.ts), the least-squares
-- slope of ln norm against steps back from the last input step: < 0 vanishing, ≈ 0 stable, > 0 exploding.
-- AlterTable
ALTER TABLE "trials" ADD COLUMN     "gradient_slope" DOUBLE PRECISION,
ADD COLUMN     "initial_gradient_slope" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "epoch_metrics" ADD COLUMN     "gradient_slope" DOUBLE PRECISION;

-- Backfill from the norms already stored, by the same rule as gradientSlope (keep the two in step): fit the steps
-- whose norm is finite and >= 2^-126 (the smallest normal float32); with exactly one such step, fit every finite
-- step with the others at 2^-126 (a bound); otherwise NULL. NaN sorts above Infinity in Postgres, so
-- `< 'Infinity'` keeps finite norms only. ln() sees greatest(norm, 2^-126) so it never meets a zero.
-- Cost, measured ad hoc on the loaded 2-core test machine: ~75 µs per epoch row of 30 norms on Postgres (7.5 s for
-- 100,000 rows), ~130 µs on PGlite; once, on upgrade.
UPDATE "epoch_metrics" e SET "gradient_slope" = (
  SELECT CASE
           WHEN count(*) FILTER (WHERE s."norm" >= 2::float8 ^ (-126)) >= 2
             THEN regr_slope(ln(greatest(s."norm", 2::float8 ^ (-126))), cardinality(e."gradient_norms") - s."position")
                    FILTER (WHERE s."norm" >= 2::float8 ^ (-126))
           WHEN count(*) FILTER (WHERE s."norm" >= 2::float8 ^ (-126)) = 1
             THEN regr_slope(ln(greatest(s."norm", 2::float8 ^ (-126))), cardinality(e."gradient_norms") - s."position")
         END
  FROM unnest(e."gradient_norms") WITH ORDINALITY AS s("norm", "position")
  WHERE s."norm" < 'Infinity'::float8
)
WHERE cardinality(e."gradient_norms") > 0;

-- A finished trial's final probe ran on its selected weights: the best validation epoch's, or the last epoch's for
-- tasks that keep the final weights (random-label memorization, packages/datasets memorize.ts `selectWeights`). The
-- trainer measures the same probe on the same weights after that epoch, so that row's slope is the trial's. The
-- initial slope (untrained weights) was never stored as norms and stays NULL.
UPDATE "trials" t SET "gradient_slope" = e."gradient_slope"
FROM "epoch_metrics" e
WHERE e."trial_id" = t."id"
  AND t."status" = 'COMPLETED'
  AND e."epoch" = CASE WHEN t."config" -> 'task' ->> 'dataset' = 'memorize' THEN t."epochs_run" ELSE t."best_epoch" END;
