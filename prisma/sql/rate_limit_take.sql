-- rate_limit_take(key, capacity, refill_per_second): takes one token from a bucket of `capacity`
-- that refills at `refill_per_second`, in one round trip and under the row's lock, so concurrent
-- requests on any instance never overdraw it (src/lib/throttle.ts). Returns 0 when a token was
-- taken, else the seconds until one will be there.
--
-- Readable copy of what prisma/migrations/20261202034858_rate_limits applied;
-- tests/integration/database-objects.test.ts checks that it equals the database's.

CREATE FUNCTION rate_limit_take(p_key text, p_capacity double precision, p_refill_per_second double precision)
RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
  v_now timestamptz := clock_timestamp();
  v_tokens double precision;
BEGIN
  INSERT INTO rate_limits AS r ("key", "tokens", "updatedAt") VALUES (p_key, p_capacity, v_now)
  ON CONFLICT ("key") DO UPDATE
    SET "tokens" = LEAST(p_capacity, r."tokens" + GREATEST(0, EXTRACT(EPOCH FROM v_now - r."updatedAt")) * p_refill_per_second),
        "updatedAt" = v_now
  RETURNING "tokens" INTO v_tokens;
  IF v_tokens >= 1 THEN
    UPDATE rate_limits SET "tokens" = v_tokens - 1 WHERE "key" = p_key;
    RETURN 0;
  END IF;
  RETURN (1 - v_tokens) / p_refill_per_second;
END
$$;
