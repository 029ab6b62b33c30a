import { describe, expect, it } from "vitest";
import type { TFilter } from "@/features/filters/schemas";
import { renameTagInFilter } from "./rename-in-filter";

describe("renameTagInFilter", () => {
  it("rewrites tag names in customer and visit conditions, at any depth, case-insensitively, folding duplicates", () => {
    const f = {
      and: [
        { field: "tags", op: "hasAny", value: ["Fam", "family", "business"] },
        { not: { visits: { where: { tags: { hasAll: ["FAM"] }, rating: [3] }, count: { gte: 2 } } } },
        { field: "zip", op: "in", value: ["fam"] },
      ],
    } as TFilter;
    expect(renameTagInFilter(f, "fam", "family")).toEqual({
      and: [
        { field: "tags", op: "hasAny", value: ["family", "business"] },
        { not: { visits: { where: { tags: { hasAll: ["family"] }, rating: [3] }, count: { gte: 2 } } } },
        { field: "zip", op: "in", value: ["fam"] },
      ],
    });
  });
});
