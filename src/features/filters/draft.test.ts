import { describe, expect, it } from "vitest";
import { finishedFilter, isUnfinished, splitValues } from "./draft";
import type { TFilter } from "./schemas";

describe("the builder's draft", () => {
  it("leaves out a group just added, so the count does not drop to no one", () => {
    const draft = { and: [{ field: "rating", op: "in", value: [2, 3] }, { or: [] }] } as TFilter;
    expect(finishedFilter(draft)).toEqual({ and: [{ field: "rating", op: "in", value: [2, 3] }] });
  });

  it("leaves out a tags condition with no names yet, and groups left empty by that", () => {
    const draft = { and: [{ or: [{ field: "tags", op: "hasAny", value: [] }] }, { field: "zip", op: "startsWith", value: " " }] } as TFilter;
    expect(finishedFilter(draft)).toEqual({ and: [] });
    expect(isUnfinished({ field: "tags", op: "hasAny", value: ["family"] } as TFilter)).toBe(false);
  });

  it("keeps finished conditions and nested groups exactly as written", () => {
    const f = {
      or: [
        { not: { field: "rating", op: "eq", value: 3 } },
        { visits: { where: { dayOfWeek: ["sun"] } } },
        { field: "visitCount", op: "between", value: [1, 2] },
      ],
    } as TFilter;
    expect(finishedFilter(f)).toEqual(f);
  });

  it("reads a comma-separated box as it is typed", () => {
    expect(splitValues("birthday")).toEqual(["birthday"]);
    expect(splitValues(" family,  friends , ,family")).toEqual(["family", "friends"]);
    expect(splitValues("")).toEqual([]);
  });
});
