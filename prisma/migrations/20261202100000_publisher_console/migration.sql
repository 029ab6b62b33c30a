-- AlterTable
ALTER TABLE "deals" ADD COLUMN     "quantity" INTEGER;

-- CreateTable
CREATE TABLE "invitations" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "role" "MerchantRole" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID,
    "publisherId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sendCount" INTEGER NOT NULL DEFAULT 1,
    "acceptedAt" TIMESTAMPTZ(3),
    "acceptedByUserId" UUID,
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invitations_tokenHash_key" ON "invitations"("tokenHash");

-- CreateIndex
CREATE INDEX "invitations_merchantId_createdAt_idx" ON "invitations"("merchantId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A deal's quantity is a count of vouchers.
ALTER TABLE "deals" ADD CONSTRAINT "deals_quantity_nonnegative" CHECK ("quantity" IS NULL OR "quantity" >= 0);

-- The deal report (features/publishers/report.ts) reads a deal's redemptions without touching its
-- unredeemed vouchers: who redeemed and when, index-only.
CREATE INDEX "vouchers_redeemed_by_deal_idx" ON "vouchers" ("merchantId", "dealId") INCLUDE ("customerId", "redeemedAt") WHERE "status" = 'redeemed';

-- An invitation is pending for one address per merchant at a time (a new one replaces it).
CREATE UNIQUE INDEX "invitations_pending_email_key" ON "invitations" ("merchantId", "email") WHERE "acceptedAt" IS NULL AND "revokedAt" IS NULL;

-- Row-level security, as every tenant table (migration row_level_security; prisma/sql/row_level_security.sql):
-- a merchant's invitations are visible in its own scope, its publisher's and the platform's. Accepting
-- one by its emailed token finds the row in the platform scope (features/accounts/invitations.ts),
-- then works in the merchant's.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['invitations'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant ON %I
      USING ("merchantId" = (SELECT nullif(current_setting('app.merchant_id', true), '')::uuid)
             OR (SELECT current_setting('app.scope', true) = 'platform')
             OR "merchantId" = ANY ((SELECT app_scope_publisher_merchant_ids())::uuid[]))
      WITH CHECK ("merchantId" = (SELECT nullif(current_setting('app.merchant_id', true), '')::uuid)
             OR (SELECT current_setting('app.scope', true) = 'platform')
             OR "merchantId" = ANY ((SELECT app_scope_publisher_merchant_ids())::uuid[]))$p$, t);
  END LOOP;
END $$;
