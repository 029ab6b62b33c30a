-- Hand-written. customer_rfm keeps no foreign key: the per-row check cost 27 s of a 36 s first
-- recompute for 1M customers. Readers always join it to an existing customer, and each recompute
-- removes the rows of customers who are gone (features/insights/rfm.ts). Prisma's relation
-- Customer.rfm stays (it only names the join).
ALTER TABLE "customer_rfm" DROP CONSTRAINT "customer_rfm_merchantId_customerId_fkey";

-- Visit conditions with a tag semi-join the visits carrying the tag (from visit_tags) by visit id:
-- carrying the id as well keeps that an index-only scan of the merchant's visits instead of a
-- walk over the heap. Same name as before, so Prisma's @@index([merchantId, occurredAt]) names it.
DROP INDEX "visits_merchantId_occurredAt_idx";
CREATE INDEX "visits_merchantId_occurredAt_idx" ON "visits" ("merchantId", "occurredAt")
  INCLUDE ("customerId", "id", "localDayOfWeek", "localHour", "rating", "amountCents", "voucherId");
