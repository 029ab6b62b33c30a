import { describe, expect, it } from "vitest";
import { clearFailures, lockedUntil, recordFailure, takeToken } from "@/lib/throttle";

const policy = { freeFailures: 3, firstLockSeconds: 60, maxLockSeconds: 600, forgetAfterSeconds: 3600 };

describe("throttle store (PostgreSQL, shared by every app instance)", () => {
  it("allows a burst, then asks the caller to wait, per key", async () => {
    const bucket = { capacity: 3, refillPerSecond: 0.5 };
    const first = await Promise.all([1, 2, 3].map(() => takeToken("t:burst", bucket)));
    expect(first.every((r) => r.ok)).toBe(true);
    expect(await takeToken("t:burst", bucket)).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect((await takeToken("t:other", bucket)).ok).toBe(true);
  });

  it("never overdraws a bucket under concurrent requests", async () => {
    const bucket = { capacity: 10, refillPerSecond: 0.001 };
    const results = await Promise.all(Array.from({ length: 30 }, () => takeToken("t:race", bucket)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  it("locks a key after the free failures, doubling the lockout, and a success clears it", async () => {
    const keys = ["t:device", "t:member"];
    for (let i = 0; i < 3; i++) expect((await recordFailure(keys, policy)).lockedUntil).toBeNull();
    expect(await lockedUntil(keys)).toBeNull();

    const fourth = await recordFailure(keys, policy);
    expect(fourth.failures).toBe(4);
    const firstLock = fourth.lockedUntil!.getTime() - Date.now();
    expect(firstLock).toBeGreaterThan(55_000);
    expect(firstLock).toBeLessThanOrEqual(60_000);
    expect(await lockedUntil(["t:member"])).not.toBeNull();

    const fifth = await recordFailure(keys, policy);
    expect(fifth.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(115_000);

    await clearFailures(["t:member"]);
    expect(await lockedUntil(["t:member"])).toBeNull();
    expect(await lockedUntil(["t:device"])).not.toBeNull();
  });

  it("caps the lockout", async () => {
    let last = null as Date | null;
    for (let i = 0; i < 12; i++) last = (await recordFailure(["t:cap"], policy)).lockedUntil;
    // PostgreSQL's clock and Node's may differ by a millisecond or so.
    expect(last!.getTime() - Date.now()).toBeLessThanOrEqual(600_000 + 50);
  });
});
