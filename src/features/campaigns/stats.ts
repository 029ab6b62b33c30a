// Lift against the holdout: the difference of two proportions with a 95% confidence interval
// (Newcombe's hybrid score interval, method 10 of Newcombe 1998, built from Wilson intervals; it
// behaves at 0% and 100% and with small groups, where the Wald interval does not), said in words.

const Z95 = 1.959963984540054;

/** Wilson score interval for x successes out of n. */
export function wilsonInterval(x: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export type TDifference = { difference: number; low: number; high: number };

/** p1 − p2 (x1/n1 − x2/n2) with Newcombe's 95% interval. */
export function differenceInterval(x1: number, n1: number, x2: number, n2: number, z = Z95): TDifference {
  const p1 = n1 ? x1 / n1 : 0;
  const p2 = n2 ? x2 / n2 : 0;
  const [l1, u1] = wilsonInterval(x1, n1, z);
  const [l2, u2] = wilsonInterval(x2, n2, z);
  const d = p1 - p2;
  return { difference: d, low: d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), high: d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2) };
}

/** The simple Wald interval, for comparison in tests. */
export function waldDifferenceInterval(x1: number, n1: number, x2: number, n2: number, z = Z95): TDifference {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return { difference: p1 - p2, low: p1 - p2 - z * se, high: p1 - p2 + z * se };
}

export type TLift = TDifference & {
  verdict: "tooEarly" | "better" | "worse" | "unclear";
  sentence: string;
};

/** Below this many people in either group, or this few outcomes overall, we do not guess. */
export const MIN_GROUP = 20;
export const MIN_OUTCOMES = 5;

const points = (v: number) => Math.round(v * 100);
const signed = (v: number) => (points(v) > 0 ? `${points(v)}` : points(v) < 0 ? `−${Math.abs(points(v))}` : "0");

/**
 * The difference in a rate between those who got the email (x1/n1) and the holdout (x2/n2), in a
 * sentence a merchant understands. `what` completes "came back…" style phrases: "came back".
 */
export function describeLift(x1: number, n1: number, x2: number, n2: number, what = "came back"): TLift {
  const ci = differenceInterval(x1, n1, x2, n2);
  if (n1 < MIN_GROUP || n2 < MIN_GROUP || x1 + x2 < MIN_OUTCOMES) {
    return {
      ...ci,
      verdict: "tooEarly",
      sentence: n2 === 0 ? "No holdout, so there is nothing to compare with." : "Too early to tell: too few people have had the chance yet.",
    };
  }
  const range = `likely between ${signed(ci.low)} and ${signed(ci.high)} points`;
  const d = Math.abs(points(ci.difference));
  if (ci.low > 0)
    return {
      ...ci,
      verdict: "better",
      sentence: `Customers who got it ${what} ${d} ${d === 1 ? "point" : "points"} more often than those who didn't (${range}).`,
    };
  if (ci.high < 0)
    return {
      ...ci,
      verdict: "worse",
      sentence: `Customers who got it ${what} ${d} ${d === 1 ? "point" : "points"} less often than those who didn't (${range}).`,
    };
  return { ...ci, verdict: "unclear", sentence: `No clear difference yet between customers who got it and those who didn't (${range}).` };
}
