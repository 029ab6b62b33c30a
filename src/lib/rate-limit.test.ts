import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("rate limiter", () => {
  it("allows a burst, then asks the caller to wait, then refills", () => {
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 1 });
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("k", t).ok)).toEqual([true, true, true]);
    expect(limiter.take("k", t)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take("other", t).ok).toBe(true);
    expect(limiter.take("k", t + 1000).ok).toBe(true);
  });
});
