-- AlterTable
ALTER TABLE "trials" ADD COLUMN     "gradient_reach" INTEGER,
ADD COLUMN     "initial_gradient_reach" INTEGER;

-- AlterTable
ALTER TABLE "epoch_metrics" ADD COLUMN     "gradient_norms" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
ADD COLUMN     "gradient_reach" INTEGER;
