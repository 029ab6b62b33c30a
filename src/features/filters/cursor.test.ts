import { describe, expect, it } from "vitest";
import { customerListParams, decodeCursor, encodeCursor, readCursor, sortFromParam } from "./cursor";

const id = "3f1c2a4e-8b7d-4c2e-9f10-1a2b3c4d5e6f";
const raw = (c: unknown) => Buffer.from(JSON.stringify(c)).toString("base64url");

describe("customer list sorts", () => {
  it("takes only the list's own sort names, never inherited properties", () => {
    expect(sortFromParam("totalSpent")).toBe("totalSpent");
    for (const s of ["constructor", "__proto__", "toString", "hasOwnProperty", "", undefined, ["visits"]]) expect(sortFromParam(s)).toBeNull();
  });
});

describe("cursors", () => {
  it("round-trips what a page hands out, for its own sort", () => {
    const t = encodeCursor({ v: "2026-03-08T09:30:00.000Z", id });
    expect(readCursor(t, "lastVisit")).toEqual({ v: "2026-03-08T09:30:00.000Z", id });
    expect(readCursor(encodeCursor({ v: null, id }), "lastVisit")).toEqual({ v: null, id });
    expect(readCursor(encodeCursor({ v: "123456", id }), "totalSpent")).toEqual({ v: "123456", id });
    expect(readCursor(encodeCursor({ v: 7, id }), "visits")).toEqual({ v: 7, id });
  });

  it.each([
    ["a value that is not a time", raw({ v: "abc", id }), "lastVisit"],
    ["a dashes-only id", raw({ v: null, id: "-".repeat(36) }), "lastVisit"],
    ["year 0", raw({ v: "0000-01-01T00:00:00.000Z", id }), "created"],
    ["31 February", raw({ v: "2026-02-31T00:00:00.000Z", id }), "created"],
    ["a null where the column has none", raw({ v: null, id }), "visits"],
    ["a negative count", raw({ v: -1, id }), "visits"],
    ["a count beyond bigint", raw({ v: "9".repeat(30), id }), "totalSpent"],
    ["a time for a count sort", raw({ v: "2026-03-08T09:30:00.000Z", id }), "visits"],
    ["extra keys", raw({ v: null, id, x: 1 }), "lastVisit"],
    ["not JSON", "bm90IGpzb24", "lastVisit"],
    ["not base64url", "%%%", "lastVisit"],
    ["an array", raw([null, id]), "lastVisit"],
  ] as const)("refuses %s", (_name, cursor, sort) => {
    expect(readCursor(cursor, sort)).toBeNull();
    expect(() => decodeCursor(cursor, sort)).toThrow(expect.objectContaining({ code: "BAD_REQUEST", fieldErrors: { cursor: expect.any(String) } }));
  });

  it("no cursor is the first page", () => {
    expect(decodeCursor(undefined, "lastVisit")).toBeNull();
    expect(decodeCursor("", "lastVisit")).toBeNull();
  });
});

describe("the Best Customer List's URL", () => {
  it("reads ?sort=constructor as the default sort, with a notice", () => {
    const p = customerListParams({ sort: "constructor" });
    expect(p.sort).toBe("lastVisit");
    expect(p.sortParam).toBeUndefined();
    expect(p.notice).toMatch(/no sort called “constructor”/);
  });

  it("opens the first page, with a notice, for a forged or foreign cursor", () => {
    expect(customerListParams({ cursor: raw({ v: "abc", id: "-".repeat(36) }) })).toMatchObject({
      cursor: undefined,
      notice: expect.stringMatching(/first page/),
    });
    const visitsCursor = encodeCursor({ v: 3, id });
    expect(customerListParams({ sort: "visits", cursor: visitsCursor })).toMatchObject({ sort: "visits", cursor: visitsCursor, notice: null });
    expect(customerListParams({ sort: "lastVisit", cursor: visitsCursor }).cursor).toBeUndefined();
  });

  it("counts a repeated parameter once", () => {
    expect(customerListParams({ sort: ["visits", "constructor"], q: ["a", "b"] })).toMatchObject({ sort: "visits", q: "a" });
  });
});
