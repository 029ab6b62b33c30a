-- Hand-written INCLUDE (Prisma's @@index names the index; its schema language cannot express INCLUDE).
-- Visit conditions on weekday and/or hour read only the matching (weekday, hour) ranges of a
-- merchant's visits instead of every visit: "a Friday dinner tagged family" at 1M customers reads
-- 1/42 of the merchant's 10M visits (3.1 s → 0.5 s). A window is a range inside each of those
-- groups, and an hour-only condition skips over the weekdays (PostgreSQL 18 skip scan). Carries
-- what visit conditions test and the visit id for tag semi-joins, so it is an index-only scan like
-- the (merchantId, occurredAt) index, which window-only conditions keep using (a skip scan over
-- all 168 weekday-hour groups measured 15–50% slower for them).
CREATE INDEX "visits_merchantId_localDayOfWeek_localHour_occurredAt_idx" ON "visits" ("merchantId", "localDayOfWeek", "localHour", "occurredAt")
  INCLUDE ("customerId", "id", "rating", "amountCents", "voucherId");
