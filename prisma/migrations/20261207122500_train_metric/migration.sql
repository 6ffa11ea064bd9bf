-- Training-set value of the task's metric (accuracy for classification), measured with the final selected weights.
-- Collins et al.'s (2017) memorization capacity is the mutual information between true and predicted training
-- labels, which needs the training accuracy (packages/analysis capacity.ts). Trials stored before it: NULL.
-- AlterTable
ALTER TABLE "trials" ADD COLUMN     "train_metric" DOUBLE PRECISION;
