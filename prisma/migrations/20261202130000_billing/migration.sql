-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "syncedAt" TIMESTAMPTZ(3),
ADD COLUMN     "trialEndsAt" TIMESTAMPTZ(3),
ALTER COLUMN "plan" SET DEFAULT 'free',
ALTER COLUMN "status" SET DEFAULT 'none';

-- CreateTable
CREATE TABLE "publisher_subscriptions" (
    "publisherId" UUID NOT NULL,
    "stripeCustomerId" TEXT,
    "stripeSubscriptionId" TEXT,
    "plan" TEXT NOT NULL DEFAULT 'growth',
    "status" TEXT NOT NULL DEFAULT 'none',
    "quantity" INTEGER NOT NULL DEFAULT 0,
    "currentPeriodEnd" TIMESTAMPTZ(3),
    "syncedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "publisher_subscriptions_pkey" PRIMARY KEY ("publisherId")
);

-- CreateTable
CREATE TABLE "usage_reports" (
    "merchantId" UUID NOT NULL,
    "identifier" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reportedAt" TIMESTAMPTZ(3),

    CONSTRAINT "usage_reports_pkey" PRIMARY KEY ("merchantId","identifier")
);

-- CreateIndex
CREATE UNIQUE INDEX "publisher_subscriptions_stripeCustomerId_key" ON "publisher_subscriptions"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "publisher_subscriptions_stripeSubscriptionId_key" ON "publisher_subscriptions"("stripeSubscriptionId");

-- CreateIndex
CREATE INDEX "usage_reports_reportedAt_occurredAt_idx" ON "usage_reports"("reportedAt", "occurredAt");

-- AddForeignKey
ALTER TABLE "publisher_subscriptions" ADD CONSTRAINT "publisher_subscriptions_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "publishers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_reports" ADD CONSTRAINT "usage_reports_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rows written before billing existed carried the old defaults ("trial"/"trialing", no end, no
-- Stripe subscription), which meant nothing: such a merchant is on the default plan. Row-level
-- security is FORCEd on subscriptions (migration row_level_security), so the owner running this
-- migration sees no row outside a scope: the update runs in the platform scope, reset after it.
SELECT set_config('app.scope', 'platform', false);
UPDATE "subscriptions" SET "plan" = 'free', "status" = 'none'
 WHERE "stripeSubscriptionId" IS NULL AND "plan" = 'trial';
SELECT set_config('app.scope', '', false);

-- Row-level security, as every tenant table (migration rls_merchant_policy_wide_role).
-- publisher_subscriptions has no merchantId: like publishers and publisher_memberships it is read by
-- the publisher console and the Stripe webhook, not bound to a merchant.
SELECT app_tenant_policies('usage_reports');
