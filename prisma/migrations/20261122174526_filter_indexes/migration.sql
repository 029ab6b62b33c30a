-- Hand-written (Prisma cannot express INCLUDE).
-- "3-star customers" and "New this week" read one aggregate each: a merchant-first index apiece.
CREATE INDEX "customers_merchantId_lastRating_idx" ON "customers" ("merchantId", "lastRating");
CREATE INDEX "customers_merchantId_firstVisitAt_idx" ON "customers" ("merchantId", "firstVisitAt");
-- Visit conditions scan a merchant's visits in a time window and group them by customer. Carrying
-- the columns they test makes that an index-only scan (PERF-LIMITS.md). Same name as before, so
-- Prisma's @@index([merchantId, occurredAt]) still names it.
DROP INDEX "visits_merchantId_occurredAt_idx";
CREATE INDEX "visits_merchantId_occurredAt_idx" ON "visits" ("merchantId", "occurredAt")
  INCLUDE ("customerId", "localDayOfWeek", "localHour", "rating", "amountCents", "voucherId");
