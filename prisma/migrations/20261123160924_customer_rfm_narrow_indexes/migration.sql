-- RFM scores move out of the wide customer rows into a narrow table (features/insights/rfm.ts):
-- a recompute rewrites small rows with one index instead of wide rows with a dozen.
-- CreateTable
CREATE TABLE "customer_rfm" (
    "merchantId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "recency" SMALLINT NOT NULL,
    "frequency" SMALLINT NOT NULL,
    "monetary" SMALLINT NOT NULL,
    "segment" TEXT NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_rfm_pkey" PRIMARY KEY ("merchantId","customerId")
);

-- AddForeignKey
ALTER TABLE "customer_rfm" ADD CONSTRAINT "customer_rfm_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keep the scores already computed (the next recompute refreshes them).
INSERT INTO "customer_rfm" ("merchantId", "customerId", "recency", "frequency", "monetary", "segment", "computedAt")
SELECT "merchantId", "id", "rfmRecency", "rfmFrequency", "rfmMonetary", "rfmSegment", COALESCE("rfmComputedAt", CURRENT_TIMESTAMP)
  FROM "customers"
 WHERE "rfmRecency" IS NOT NULL AND "rfmFrequency" IS NOT NULL AND "rfmMonetary" IS NOT NULL AND "rfmSegment" IS NOT NULL;

-- AlterTable (lifetimeValueCents was unused: the estimate is computed when shown)
ALTER TABLE "customers" DROP COLUMN "lifetimeValueCents",
DROP COLUMN "rfmComputedAt",
DROP COLUMN "rfmFrequency",
DROP COLUMN "rfmMonetary",
DROP COLUMN "rfmRecency",
DROP COLUMN "rfmSegment";

-- Tag conditions on visits start from the visits that carry the tag (an index-only scan of
-- visit_tags) instead of probing visit_tags once per candidate visit.
-- DropIndex
DROP INDEX "visit_tags_merchantId_tagId_idx";

-- CreateIndex
CREATE INDEX "visit_tags_merchantId_tagId_visitId_idx" ON "visit_tags"("merchantId", "tagId", "visitId");

-- Hand-written. The list index on last visit also answers the preset and Off Peak counts as an
-- index-only scan. It now carries only what those counts read (rating, weekday mask, visit
-- count, spend): about a third narrower than before, so a count walks fewer pages.
DROP INDEX "customers_list_lastVisit_idx";
CREATE INDEX "customers_list_lastVisit_idx" ON "customers" ("merchantId", "lastVisitAt" DESC NULLS LAST, "id" DESC)
  INCLUDE ("lastRating", "weekdayMask", "visitCount", "totalSpentCents");

-- Every visit rewrites its customer's aggregates row, which clears that page from the visibility
-- map that index-only counts rely on. Vacuum the customers table after 1% of it changed
-- rather than 20% (PERF-LIMITS.md: 15k upserts made counts 3.7 times slower until a vacuum).
ALTER TABLE "customers" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE "customer_rfm" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);
