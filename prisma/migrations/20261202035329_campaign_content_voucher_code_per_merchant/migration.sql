-- DropIndex
DROP INDEX "vouchers_code_key";

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "content" JSONB;

-- AlterTable
ALTER TABLE "campaign_recipients" ADD COLUMN     "firstName" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "vouchers_merchantId_code_key" ON "vouchers"("merchantId", "code");
