-- AlterTable
ALTER TABLE "trials" ADD COLUMN     "test_metrics" JSONB;
