-- Hand-written. Room on every page for updated row versions, so rewrites of columns no index
-- covers (the nightly RFM scores) stay heap-only (HOT) instead of touching a dozen indexes.
-- Applies to pages written from now on (VACUUM FULL or a reload applies it to existing ones).
ALTER TABLE "customers" SET (fillfactor = 70);
