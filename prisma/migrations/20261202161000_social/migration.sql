-- AlterEnum
ALTER TYPE "RecordSource" ADD VALUE 'referral';

-- AlterTable
ALTER TABLE "merchants" ADD COLUMN     "feedbackDelayHours" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "feedbackEnabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "feedbackAt" TIMESTAMPTZ(3),
ADD COLUMN     "feedbackRating" SMALLINT,
ADD COLUMN     "reach" INTEGER,
ADD COLUMN     "reachSource" TEXT;

-- CreateTable
CREATE TABLE "referral_programs" (
    "merchantId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "offerPromotionId" UUID,
    "rewardPromotionId" UUID,
    "offerDealId" UUID,
    "rewardDealId" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_programs_pkey" PRIMARY KEY ("merchantId")
);

-- CreateTable
CREATE TABLE "referral_links" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customerId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "shares" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_links_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "referrals" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "referrerId" UUID NOT NULL,
    "friendId" UUID NOT NULL,
    "friendVoucherId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "creditedAt" TIMESTAMPTZ(3),
    "friendVisitId" UUID,
    "friendSpentCents" INTEGER,
    "rewardVoucherId" UUID,
    "rewardSentAt" TIMESTAMPTZ(3),

    CONSTRAINT "referrals_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "feedback" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customerId" UUID NOT NULL,
    "visitId" UUID NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rating" SMALLINT,
    "answeredAt" TIMESTAMPTZ(3),
    "comment" TEXT,
    "commentAt" TIMESTAMPTZ(3),
    "alertedAt" TIMESTAMPTZ(3),

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "referral_links_code_key" ON "referral_links"("code");

-- CreateIndex
CREATE UNIQUE INDEX "referral_links_merchantId_customerId_key" ON "referral_links"("merchantId", "customerId");

-- CreateIndex
CREATE INDEX "referrals_merchantId_referrerId_idx" ON "referrals"("merchantId", "referrerId");

-- CreateIndex
CREATE UNIQUE INDEX "referrals_merchantId_friendId_key" ON "referrals"("merchantId", "friendId");

-- CreateIndex
CREATE UNIQUE INDEX "referrals_merchantId_friendVoucherId_key" ON "referrals"("merchantId", "friendVoucherId");

-- CreateIndex
CREATE UNIQUE INDEX "referrals_merchantId_rewardVoucherId_key" ON "referrals"("merchantId", "rewardVoucherId");

-- CreateIndex
CREATE INDEX "feedback_merchantId_customerId_sentAt_idx" ON "feedback"("merchantId", "customerId", "sentAt");

-- CreateIndex
CREATE INDEX "feedback_merchantId_answeredAt_idx" ON "feedback"("merchantId", "answeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "feedback_merchantId_visitId_key" ON "feedback"("merchantId", "visitId");

-- AddForeignKey
ALTER TABLE "referral_programs" ADD CONSTRAINT "referral_programs_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_links" ADD CONSTRAINT "referral_links_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_links" ADD CONSTRAINT "referral_links_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security, as every tenant table (migration rls_merchant_policy_wide_role). The public
-- pages find a row by its secret in the platform scope, then work in the merchant's.
SELECT app_tenant_policies('referral_programs');
SELECT app_tenant_policies('referral_links');
SELECT app_tenant_policies('referrals');
SELECT app_tenant_policies('feedback');
