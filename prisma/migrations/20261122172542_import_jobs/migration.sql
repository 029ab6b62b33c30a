-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('customers', 'visits');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('uploaded', 'validated', 'importing', 'done', 'failed');

-- CreateTable
CREATE TABLE "import_jobs" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "ImportKind" NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'uploaded',
    "fileName" TEXT NOT NULL,
    "fileBytes" BIGINT NOT NULL DEFAULT 0,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "validRows" INTEGER NOT NULL DEFAULT 0,
    "invalidRows" INTEGER NOT NULL DEFAULT 0,
    "importedRows" INTEGER NOT NULL DEFAULT 0,
    "errorSample" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateIndex
CREATE INDEX "import_jobs_merchantId_kind_createdAt_idx" ON "import_jobs"("merchantId", "kind", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
