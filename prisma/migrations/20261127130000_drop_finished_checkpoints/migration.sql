-- A checkpoint exists so that the next attempt of an unfinished trial resumes from it. Once the trial is COMPLETED
-- or FAILED nothing resumes from it any more (`cellsweep resume` restarts a FAILED trial from its first epoch), and
-- at ~60 KB per 5k-parameter trial they added up to gigabytes per 100k-trial sweep. The database drops them in the
-- same transaction that finishes the trial, whichever code path finishes it (worker results in bulk, trainer
-- errors, the scheduler failing a dead job, the embedded runner), so no crash can leave one behind. CANCELLED
-- trials keep theirs: `cellsweep resume` continues them. Not part of schema.prisma: Prisma does not model triggers.
CREATE FUNCTION "drop_finished_trial_checkpoint"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "trial_checkpoints" WHERE "trial_id" = NEW."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "trials_drop_finished_checkpoint"
  AFTER UPDATE OF "status" ON "trials"
  FOR EACH ROW
  WHEN (NEW."status" IN ('COMPLETED', 'FAILED'))
  EXECUTE FUNCTION "drop_finished_trial_checkpoint"();

-- Checkpoints of trials that finished before this migration.
DELETE FROM "trial_checkpoints" c USING "trials" t
WHERE c."trial_id" = t."id" AND t."status" IN ('COMPLETED', 'FAILED');
