import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeLift, differenceInterval, waldDifferenceInterval, wilsonInterval } from "./stats";

describe("lift statistics", () => {
  it("match Newcombe (1998), example (a): 56/70 − 48/80", () => {
    // Published: difference 0.2000; Wald 0.0575 to 0.3425; hybrid score (method 10) 0.0524 to 0.3339.
    const w = waldDifferenceInterval(56, 70, 48, 80);
    expect(w.difference).toBeCloseTo(0.2, 4);
    expect(w.low).toBeCloseTo(0.0575, 3);
    expect(w.high).toBeCloseTo(0.3425, 3);
    const n = differenceInterval(56, 70, 48, 80);
    expect(n.low).toBeCloseTo(0.0524, 3);
    expect(n.high).toBeCloseTo(0.3339, 3);
  });

  it("match Newcombe (1998), example with a zero: 0/10 − 0/20 and 10/10 − 0/20", () => {
    // Published method 10: 0/10 − 0/20 → −0.1611 to 0.2775; 10/10 − 0/20 → 0.6791 to 1.0000.
    const a = differenceInterval(0, 10, 0, 20);
    expect(a.low).toBeCloseTo(-0.1611, 3);
    expect(a.high).toBeCloseTo(0.2775, 3);
    const b = differenceInterval(10, 10, 0, 20);
    expect(b.low).toBeCloseTo(0.6791, 3);
    expect(b.high).toBeCloseTo(1, 3);
  });

  it("give Wilson intervals inside [0, 1] that contain the estimate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(n * f);
        const [l, u] = wilsonInterval(x, n);
        return l >= 0 && u <= 1 && l <= x / n + 1e-12 && u >= x / n - 1e-12;
      }),
    );
  });

  it("give difference intervals that contain the difference and stay within [−1, 1]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n1, n2, f1, f2) => {
          const d = differenceInterval(Math.round(n1 * f1), n1, Math.round(n2 * f2), n2);
          return d.low <= d.difference + 1e-12 && d.high >= d.difference - 1e-12 && d.low >= -1 - 1e-9 && d.high <= 1 + 1e-9;
        },
      ),
    );
  });

  it("say it in plain words", () => {
    expect(describeLift(300, 1000, 18, 100).sentence).toBe(
      "Customers who got it came back 12 points more often than those who didn't (likely between 3 and 19 points).",
    );
    expect(describeLift(300, 1000, 18, 100).verdict).toBe("better");
    expect(describeLift(200, 1000, 20, 100).verdict).toBe("unclear");
    expect(describeLift(200, 1000, 20, 100).sentence).toMatch(/^No clear difference yet .*\(likely between −\d+ and \d+ points\)\.$/);
    expect(describeLift(50, 1000, 40, 100).verdict).toBe("worse");
    expect(describeLift(3, 15, 0, 2).sentence).toBe("Too early to tell: too few people have had the chance yet.");
    expect(describeLift(1, 900, 0, 100).verdict).toBe("tooEarly");
    expect(describeLift(100, 900, 0, 0).sentence).toBe("No holdout, so there is nothing to compare with.");
  });
});
