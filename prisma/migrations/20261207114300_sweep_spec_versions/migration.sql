-- Every spec a sweep has run under (issue 14, defect 5: re-running a different spec under an existing name replaced
-- the stored spec and merged two experiments silently). A sweep's `spec` is the latest; extending it with another
-- spec (`--extend`) adds a row here, so the spec behind every earlier trial is still known.

-- CreateTable
CREATE TABLE "sweep_spec_versions" (
    "sweep_id" TEXT NOT NULL,
    "spec_hash" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sweep_spec_versions_pkey" PRIMARY KEY ("sweep_id","spec_hash")
);

-- AddForeignKey
ALTER TABLE "sweep_spec_versions" ADD CONSTRAINT "sweep_spec_versions_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the spec each existing sweep has now (earlier replaced ones are lost; that is the defect).
INSERT INTO "sweep_spec_versions" ("sweep_id", "spec_hash", "spec", "created_at")
SELECT "id", "spec_hash", "spec", "created_at" FROM "sweeps";
