import "server-only";
import { pool } from "./db";

// Throttling held in PostgreSQL (table rate_limits), so every app instance sees the same counts:
// - token buckets for a steady rate (API keys, email-link requests);
// - failure counts with a doubling lockout for guesses (passwords, counter PINs).
// Keys name what is counted: "api-key:<id>", "pin-device:<id>", "sign-in-ip:<ip>", …

export type TThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Takes one token from the key's bucket, or says how long to wait for the next one. */
export async function takeToken(key: string, bucket: { capacity: number; refillPerSecond: number }): Promise<TThrottleResult> {
  const { rows } = await pool().query<{ wait: number }>("SELECT rate_limit_take($1, $2, $3) AS wait", [key, bucket.capacity, bucket.refillPerSecond]);
  const wait = Number(rows[0]?.wait ?? 0);
  return wait <= 0 ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
}

/**
 * Takes a token from `first` and, only when that succeeded, one from `second`, in one round trip
 * (an API key's burst bucket, then its merchant's daily allowance): a refused request costs
 * nothing from the daily allowance.
 */
export async function takeTokenPair(
  first: { key: string; capacity: number; refillPerSecond: number },
  second: { key: string; capacity: number; refillPerSecond: number } | null,
): Promise<{ first: TThrottleResult; second: TThrottleResult }> {
  if (!second) return { first: await takeToken(first.key, first), second: { ok: true } };
  const { rows } = await pool().query<{ a: number; b: number | null }>(
    `WITH a AS (SELECT rate_limit_take($1, $2, $3) AS w)
     SELECT w AS a, CASE WHEN w <= 0 THEN rate_limit_take($4, $5, $6) END AS b FROM a`,
    [first.key, first.capacity, first.refillPerSecond, second.key, second.capacity, second.refillPerSecond],
  );
  const result = (wait: number | null | undefined): TThrottleResult => {
    const w = Number(wait ?? 0);
    return w <= 0 ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(w)) };
  };
  return { first: result(rows[0]?.a), second: result(rows[0]?.b) };
}

export type TLockoutPolicy = {
  /** Failures allowed before the first lockout. */
  freeFailures: number;
  /** The first lockout; each further failure doubles it, up to maxLockSeconds. */
  firstLockSeconds: number;
  maxLockSeconds: number;
  /** Failures older than this are forgotten. */
  forgetAfterSeconds: number;
};

/** The latest lockout among the keys still running, or null when none is. */
export async function lockedUntil(keys: string[]): Promise<Date | null> {
  const { rows } = await pool().query<{ until: Date | null }>(
    `SELECT max("lockedUntil") AS until FROM rate_limits WHERE "key" = ANY($1::text[]) AND "lockedUntil" > clock_timestamp()`,
    [keys],
  );
  return rows[0]?.until ?? null;
}

/**
 * Counts a failure against each key; past the policy's free failures the key is locked for a
 * doubling time. Returns the failures now counted on the busiest key and the lockout, if any.
 */
export async function recordFailure(keys: string[], policy: TLockoutPolicy): Promise<{ failures: number; lockedUntil: Date | null }> {
  const { rows } = await pool().query<{ failures: number; lockedUntil: Date | null }>(
    `INSERT INTO rate_limits AS r ("key", "failures", "lastFailureAt") SELECT k, 1, clock_timestamp() FROM unnest($1::text[]) AS k
     ON CONFLICT ("key") DO UPDATE SET
       "failures" = CASE WHEN r."lastFailureAt" < clock_timestamp() - make_interval(secs => $2) THEN 1 ELSE r."failures" + 1 END,
       "lastFailureAt" = clock_timestamp()
     RETURNING "key", "failures", "lockedUntil"`,
    [keys, policy.forgetAfterSeconds],
  );
  let worst = 0;
  for (const r of rows) worst = Math.max(worst, r.failures);
  if (worst <= policy.freeFailures) return { failures: worst, lockedUntil: null };
  const seconds = Math.min(policy.maxLockSeconds, policy.firstLockSeconds * 2 ** Math.min(30, worst - policy.freeFailures - 1));
  const locked = await pool().query<{ until: Date }>(
    `UPDATE rate_limits SET "lockedUntil" = clock_timestamp() + make_interval(secs => $2)
     WHERE "key" = ANY($1::text[]) AND "failures" > $3 RETURNING "lockedUntil" AS until`,
    [keys, seconds, policy.freeFailures],
  );
  const until = locked.rows.reduce<Date | null>((max, r) => (!max || r.until > max ? r.until : max), null);
  return { failures: worst, lockedUntil: until };
}

/** Forgets the failures on these keys (after a success). */
export async function clearFailures(keys: string[]): Promise<void> {
  await pool().query(`DELETE FROM rate_limits WHERE "key" = ANY($1::text[]) AND "failures" > 0`, [keys]);
}
