-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "erasedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "customer_notes" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customerId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "authorUserId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_notes_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateIndex
CREATE INDEX "customer_notes_merchantId_customerId_createdAt_idx" ON "customer_notes"("merchantId", "customerId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An erased customer (features/customers/erase.ts) is an anonymous tombstone: no name and no
-- identity key, only erasedAt. Every other row still needs something to know the person by.
ALTER TABLE "customers" DROP CONSTRAINT "customers_identity_check";
ALTER TABLE "customers" ADD CONSTRAINT "customers_identity_check"
  CHECK ("email" IS NOT NULL OR "phone" IS NOT NULL OR "externalId" IS NOT NULL OR "firstName" IS NOT NULL OR "lastName" IS NOT NULL OR "erasedAt" IS NOT NULL);

-- Row-level security, as every tenant table (migration row_level_security).
ALTER TABLE "customer_notes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "customer_notes" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON "customer_notes"
  USING ("merchantId" = (SELECT nullif(current_setting('app.merchant_id', true), '')::uuid)
         OR (SELECT current_setting('app.scope', true) = 'platform')
         OR "merchantId" = ANY ((SELECT app_scope_publisher_merchant_ids())::uuid[]))
  WITH CHECK ("merchantId" = (SELECT nullif(current_setting('app.merchant_id', true), '')::uuid)
         OR (SELECT current_setting('app.scope', true) = 'platform')
         OR "merchantId" = ANY ((SELECT app_scope_publisher_merchant_ids())::uuid[]));
