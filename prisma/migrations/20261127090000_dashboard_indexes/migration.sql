-- CreateIndex
CREATE INDEX "sweeps_created_at_idx" ON "sweeps"("created_at");

-- CreateIndex
CREATE INDEX "trials_sweep_id_ordinal_idx" ON "trials"("sweep_id", "ordinal");

-- CreateIndex
CREATE INDEX "trials_sweep_id_val_loss_idx" ON "trials"("sweep_id", "val_loss");

-- CreateIndex
CREATE INDEX "trials_sweep_id_updated_at_idx" ON "trials"("sweep_id", "updated_at");
