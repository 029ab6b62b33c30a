-- Throttling state shared by every app instance (src/lib/throttle.ts). UNLOGGED: no WAL for a
-- row written on every API request; a crash empties it, which only resets the counters.
CREATE UNLOGGED TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastFailureAt" TIMESTAMPTZ(3),
    "lockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- Takes one token from a bucket of `capacity` that refills at `refill_per_second`, in one round trip
-- and under the row's lock, so concurrent requests on any instance never overdraw it.
-- Returns 0 when a token was taken, else the seconds until one will be there.
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
