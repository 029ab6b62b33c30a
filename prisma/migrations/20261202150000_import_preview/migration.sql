-- AlterTable
ALTER TABLE "import_jobs" ADD COLUMN     "options" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "preview" JSONB;
