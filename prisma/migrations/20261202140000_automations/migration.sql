-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AutomationKind" ADD VALUE 'welcome_best';
ALTER TYPE "AutomationKind" ADD VALUE 'thank_you';

-- DropIndex
DROP INDEX "automations_merchantId_kind_key";

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "automationId" UUID;

-- AlterTable
ALTER TABLE "automations" ADD COLUMN     "enabledAt" TIMESTAMPTZ(3),
ADD COLUMN     "groupId" UUID,
ADD COLUMN     "holdoutPercent" SMALLINT NOT NULL DEFAULT 10,
ADD COLUMN     "lastRunAt" TIMESTAMPTZ(3),
ADD COLUMN     "oncePerCustomer" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "quietHourFrom" SMALLINT NOT NULL DEFAULT 21,
ADD COLUMN     "quietHourTo" SMALLINT NOT NULL DEFAULT 9,
ADD COLUMN     "reentryDays" INTEGER NOT NULL DEFAULT 90,
ADD COLUMN     "sendHour" SMALLINT NOT NULL DEFAULT 10,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "automation_occasions" (
    "merchantId" UUID NOT NULL,
    "automationId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "occasionKey" TEXT NOT NULL,
    "dueDate" DATE NOT NULL,
    "firedAt" TIMESTAMPTZ(3) NOT NULL,
    "isHoldout" BOOLEAN NOT NULL DEFAULT false,
    "campaignId" UUID,

    CONSTRAINT "automation_occasions_pkey" PRIMARY KEY ("merchantId","automationId","customerId","occasionKey")
);

-- CreateTable
CREATE TABLE "automation_members" (
    "merchantId" UUID NOT NULL,
    "automationId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "automation_members_pkey" PRIMARY KEY ("merchantId","automationId","customerId")
);

-- CreateIndex
CREATE INDEX "automation_occasions_merchantId_automationId_firedAt_idx" ON "automation_occasions"("merchantId", "automationId", "firedAt");

-- CreateIndex
CREATE INDEX "campaigns_merchantId_automationId_idx" ON "campaigns"("merchantId", "automationId");

-- CreateIndex
CREATE INDEX "automations_enabled_merchantId_idx" ON "automations"("enabled", "merchantId");

-- AddForeignKey
ALTER TABLE "automation_occasions" ADD CONSTRAINT "automation_occasions_merchantId_automationId_fkey" FOREIGN KEY ("merchantId", "automationId") REFERENCES "automations"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_occasions" ADD CONSTRAINT "automation_occasions_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_members" ADD CONSTRAINT "automation_members_merchantId_automationId_fkey" FOREIGN KEY ("merchantId", "automationId") REFERENCES "automations"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_members" ADD CONSTRAINT "automation_members_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: an automation's campaigns point at it; deleting the automation keeps its
-- campaigns (their recipients and results) and only forgets the link.
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_merchantId_automationId_fkey" FOREIGN KEY ("merchantId", "automationId") REFERENCES "automations"("merchantId", "id") ON DELETE SET NULL ("automationId") ON UPDATE CASCADE;

-- The occasions a campaign of an automation carried (its results join them).
CREATE INDEX "automation_occasions_campaign_idx" ON "automation_occasions"("merchantId", "campaignId") WHERE "campaignId" IS NOT NULL;

-- Row-level security, as every tenant table (migration rls_merchant_policy_wide_role): the
-- evaluation writes these rows in the merchant's tenant scope (one job per merchant).
SELECT app_tenant_policies('automation_occasions');
SELECT app_tenant_policies('automation_members');
