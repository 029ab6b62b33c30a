import type { TFilter } from "@/features/filters/schemas";

// Filters name tags by their text (FILTERS.md), so renaming or merging a tag rewrites the saved
// Smart Filters and Smart Filter groups that name it; otherwise "tagged fam" would quietly match
// no one after "fam" became "family". Names match case-insensitively, as in the compiler.

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const swap = (names: string[], from: string, to: string) => {
  if (!names.some((n) => same(n, from))) return names;
  const out: string[] = [];
  for (const n of names.map((n) => (same(n, from) ? to : n))) if (!out.some((o) => same(o, n))) out.push(n);
  return out;
};

/** The filter with tag name `from` replaced by `to` (duplicates folded); other parts unchanged. */
export function renameTagInFilter(f: TFilter, from: string, to: string): TFilter {
  if ("and" in f) return { and: f.and.map((x) => renameTagInFilter(x, from, to)) };
  if ("or" in f) return { or: f.or.map((x) => renameTagInFilter(x, from, to)) };
  if ("not" in f) return { not: renameTagInFilter(f.not, from, to) };
  if ("visits" in f) {
    const tags = f.visits.where?.tags;
    if (!tags) return f;
    const next = "hasAny" in tags ? { hasAny: swap(tags.hasAny, from, to) } : { hasAll: swap(tags.hasAll, from, to) };
    return { visits: { ...f.visits, where: { ...f.visits.where, tags: next } } };
  }
  if (f.field === "tags") return { ...f, value: swap(f.value, from, to) };
  return f;
}
