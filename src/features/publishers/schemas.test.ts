import { describe, expect, it } from "vitest";
import { slugify, ZDealForm } from "./schemas";

describe("slugify", () => {
  it.each([
    ["Harbor Bistro", "harbor-bistro"],
    ["Café Olé & Co.", "cafe-ole-and-co"],
    ["  --Joe's   Pizza!! ", "joe-s-pizza"],
    ["日本", ""],
  ])("%s → %s", (name, slug) => expect(slugify(name)).toBe(slug));

  it("stays within the slug's length and never ends on a dash", () => {
    const s = slugify(`${"a".repeat(49)} b c d e f`);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s.endsWith("-")).toBe(false);
  });
});

describe("the deal form", () => {
  it("turns money text into cents and blank dates into null", () => {
    expect(ZDealForm.parse({ title: "Brunch", price: "25", value: "50.00", startsOn: "", endsOn: "2026-12-31", quantity: "" })).toEqual({
      title: "Brunch",
      price: 2500,
      value: 5000,
      startsOn: null,
      endsOn: "2026-12-31",
      voucherExpiresOn: null,
      quantity: null,
    });
  });

  it("names the field that is wrong", () => {
    const r = ZDealForm.safeParse({ title: "", price: "25,00", value: "10", startsOn: "2026-02-30", quantity: "0" });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["title", "price", "startsOn", "quantity"]));
  });

  it("refuses a value below the price and an end before the start", () => {
    const r = ZDealForm.safeParse({ title: "X", price: "30", value: "20", startsOn: "2026-05-02", endsOn: "2026-05-01" });
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["value", "The value should be at least the price."],
      ["endsOn", "The deal ends before it starts."],
    ]);
  });
});
