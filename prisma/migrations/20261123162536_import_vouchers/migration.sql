-- AlterEnum
ALTER TYPE "ImportKind" ADD VALUE 'vouchers';

-- AlterTable
ALTER TABLE "import_jobs" ADD COLUMN     "dealId" UUID;
