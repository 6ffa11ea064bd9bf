-- ASHA continues a promoted suggestion instead of retraining it (issue 17). Each rung of a suggestion is its own
-- trial (its own epoch count, content key and id); the next rung's trial names the lower rung's trial in
-- "continues_from" and starts from its checkpoint, which is exact because a resume is (checkpoint format 2).
--
-- "keeps_checkpoint" marks a rung below the top: completing it keeps its checkpoint until the promotion decision.
-- Promoted: inserting the next rung's trial moves the checkpoint (and the epoch rows up to it) to the new trial, in
-- the insert's own transaction, whichever code path inserts it. Stopped: the search driver's caller releases it
-- (store.releaseCheckpoints). A FAILED trial is never promoted, so it drops its checkpoint as before.
-- AlterTable
ALTER TABLE "trials" ADD COLUMN "continues_from" TEXT;
ALTER TABLE "trials" ADD COLUMN "keeps_checkpoint" BOOLEAN NOT NULL DEFAULT false;

DROP TRIGGER "trials_drop_finished_checkpoint" ON "trials";
CREATE TRIGGER "trials_drop_finished_checkpoint"
  AFTER UPDATE OF "status" ON "trials"
  FOR EACH ROW
  WHEN (NEW."status" = 'FAILED' OR (NEW."status" = 'COMPLETED' AND NOT NEW."keeps_checkpoint"))
  EXECUTE FUNCTION "drop_finished_trial_checkpoint"();

-- A new trial that continues a COMPLETED one takes over its checkpoint and the epoch rows up to it. Without a
-- checkpoint (a lower rung stored before this migration) nothing is copied and the trial trains from epoch 1.
CREATE FUNCTION "continue_from_lower_rung"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_epoch integer;
BEGIN
  SELECT c."epoch" INTO parent_epoch FROM "trial_checkpoints" c JOIN "trials" p ON p."id" = c."trial_id"
  WHERE c."trial_id" = NEW."continues_from" AND p."status" = 'COMPLETED';
  IF parent_epoch IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO "trial_checkpoints" ("trial_id", "attempt", "epoch", "data", "updated_at")
  SELECT NEW."id", 0, c."epoch", c."data", CURRENT_TIMESTAMP FROM "trial_checkpoints" c
  WHERE c."trial_id" = NEW."continues_from"
  ON CONFLICT ("trial_id") DO NOTHING;
  INSERT INTO "epoch_metrics" ("trial_id", "epoch", "attempt", "train_loss", "val_loss", "train_metric", "val_metric",
                               "samples_per_sec", "gradient_norms", "gradient_reach", "gradient_slope", "epoch_time_ms",
                               "created_at")
  SELECT NEW."id", e."epoch", 0, e."train_loss", e."val_loss", e."train_metric", e."val_metric", e."samples_per_sec",
         e."gradient_norms", e."gradient_reach", e."gradient_slope", e."epoch_time_ms", e."created_at"
  FROM "epoch_metrics" e WHERE e."trial_id" = NEW."continues_from" AND e."epoch" <= parent_epoch
  ON CONFLICT ("trial_id", "epoch") DO NOTHING;
  DELETE FROM "trial_checkpoints" WHERE "trial_id" = NEW."continues_from";
  RETURN NULL;
END
$$;

CREATE TRIGGER "trials_continue_from_lower_rung"
  AFTER INSERT ON "trials"
  FOR EACH ROW
  WHEN (NEW."continues_from" IS NOT NULL)
  EXECUTE FUNCTION "continue_from_lower_rung"();
