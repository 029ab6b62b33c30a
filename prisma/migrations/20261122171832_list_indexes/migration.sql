-- Hand-written (Prisma's schema language cannot express INCLUDE or NULLS LAST).
-- The Best Customer List sorts by these columns descending, nulls last, with id as tie-breaker
-- (keyset pagination). Each index leads with merchantId and matches that order exactly, so a
-- first page is an index scan that stops after 51 rows. The lastVisitAt index also carries the
-- aggregates most filters read, so counts like Off Peak are index-only scans (PERF-LIMITS.md).
CREATE INDEX "customers_list_lastVisit_idx" ON "customers" ("merchantId", "lastVisitAt" DESC NULLS LAST, "id" DESC)
  INCLUDE ("lastRating", "weekdayMask", "hourMask", "visitCount", "totalSpentCents", "secondLastVisitAt", "thirdLastVisitAt", "firstVisitAt");
CREATE INDEX "customers_list_visits_idx" ON "customers" ("merchantId", "visitCount" DESC, "id" DESC);
CREATE INDEX "customers_list_created_idx" ON "customers" ("merchantId", "createdAt" DESC, "id" DESC);
-- Superseded by the covering index above.
DROP INDEX IF EXISTS "customers_merchantId_lastVisitAt_idx";
-- "Birthdays this month" / "in the next N days" compare month×100+day (features/filters/compile.ts).
CREATE INDEX "customers_birthday_code_idx" ON "customers" ("merchantId", ((EXTRACT(MONTH FROM "birthday") * 100 + EXTRACT(DAY FROM "birthday"))::int));
CREATE INDEX "customers_anniversary_code_idx" ON "customers" ("merchantId", ((EXTRACT(MONTH FROM "anniversary") * 100 + EXTRACT(DAY FROM "anniversary"))::int));
