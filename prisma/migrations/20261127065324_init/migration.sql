-- CreateEnum
CREATE TYPE "SweepStatus" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TrialStatus" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "sweeps" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "spec_hash" TEXT NOT NULL,
    "status" "SweepStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "sweeps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trials" (
    "id" TEXT NOT NULL,
    "sweep_id" TEXT NOT NULL,
    "config_key" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "cell" TEXT NOT NULL,
    "hidden" INTEGER NOT NULL,
    "layers" INTEGER NOT NULL,
    "param_budget" INTEGER,
    "param_count" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "status" "TrialStatus" NOT NULL DEFAULT 'PENDING',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "backend" TEXT,
    "error" TEXT,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "wall_time_ms" INTEGER,
    "epochs_run" INTEGER,
    "best_epoch" INTEGER,
    "train_loss" DOUBLE PRECISION,
    "val_loss" DOUBLE PRECISION,
    "test_loss" DOUBLE PRECISION,
    "generalization_gap" DOUBLE PRECISION,
    "metric_name" TEXT,
    "val_metric" DOUBLE PRECISION,
    "test_metric" DOUBLE PRECISION,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "trials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "epoch_metrics" (
    "id" BIGSERIAL NOT NULL,
    "trial_id" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "train_loss" DOUBLE PRECISION NOT NULL,
    "val_loss" DOUBLE PRECISION NOT NULL,
    "train_metric" DOUBLE PRECISION,
    "val_metric" DOUBLE PRECISION,
    "samples_per_sec" DOUBLE PRECISION NOT NULL,
    "epoch_time_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "epoch_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sweeps_name_key" ON "sweeps"("name");

-- CreateIndex
CREATE INDEX "trials_sweep_id_status_idx" ON "trials"("sweep_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "trials_sweep_id_config_key_key" ON "trials"("sweep_id", "config_key");

-- CreateIndex
CREATE UNIQUE INDEX "epoch_metrics_trial_id_epoch_key" ON "epoch_metrics"("trial_id", "epoch");

-- AddForeignKey
ALTER TABLE "trials" ADD CONSTRAINT "trials_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "epoch_metrics" ADD CONSTRAINT "epoch_metrics_trial_id_fkey" FOREIGN KEY ("trial_id") REFERENCES "trials"("id") ON DELETE CASCADE ON UPDATE CASCADE;
