import type { TFilter } from "./schemas";

// What the builder holds is a draft: a group just added has no conditions yet, a tags condition
// has no names typed yet. Counted as written, `or: []` and `hasAny: []` match no one (FILTERS.md
// "Empty lists"), so one click on "Group" dropped the live count to zero. The builder counts,
// shows and saves only the finished part: unfinished pieces are left out until they get a value.

/** True for a condition the person has not filled in yet (an empty list or an empty prefix). */
export function isUnfinished(node: TFilter): boolean {
  if ("and" in node || "or" in node || "not" in node || "visits" in node) return false;
  const v = (node as { value: unknown }).value;
  if (Array.isArray(v) && node.field !== "visitCount" && node.field !== "totalSpentCents") return v.length === 0;
  if (node.op === "startsWith") return String(v).trim() === "";
  return false;
}

/**
 * The finished part of a draft: unfinished conditions and groups left empty by that are dropped
 * (a top-level group with nothing left is "all customers", `and: []`). Returns null when nothing
 * of a nested node is finished.
 */
export function finishedFilter(draft: TFilter): TFilter {
  return prune(draft) ?? { and: [] };
}

function prune(node: TFilter): TFilter | null {
  if ("and" in node) {
    const xs = node.and.map(prune).filter((x): x is TFilter => x !== null);
    return xs.length ? { and: xs } : null;
  }
  if ("or" in node) {
    const xs = node.or.map(prune).filter((x): x is TFilter => x !== null);
    return xs.length ? { or: xs } : null;
  }
  if ("not" in node) {
    const inner = prune(node.not);
    return inner ? { not: inner } : null;
  }
  return isUnfinished(node) ? null : node;
}

/** "family, friends ," → ["family", "friends"]: what a comma-separated box means as it is typed. */
export function splitValues(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
