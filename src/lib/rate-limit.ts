// Per-key token buckets in process memory: enough for one app instance; a fleet would move this
// to PostgreSQL or Redis. Refills continuously; answers how long to wait when empty.
type TBucket = { tokens: number; updatedAt: number };

export function createRateLimiter(opts: { capacity: number; refillPerSecond: number }) {
  const buckets = new Map<string, TBucket>();
  return {
    take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
      const b = buckets.get(key) ?? { tokens: opts.capacity, updatedAt: now };
      b.tokens = Math.min(opts.capacity, b.tokens + ((now - b.updatedAt) / 1000) * opts.refillPerSecond);
      b.updatedAt = now;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / opts.refillPerSecond)) };
    },
  };
}
