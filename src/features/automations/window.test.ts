import { describe, expect, it } from "vitest";
import { fromLocalTime } from "@/lib/time";
import { inQuietHours } from "./schemas";
import { CATCH_UP_DAYS, dateTargets, dueWindow, isSendingOpen } from "./window";

const NY = "America/New_York";
const w = { sendHour: 10, quietHourFrom: 21, quietHourTo: 9 };

describe("the sending window (merchant-local)", () => {
  it.each([
    [8, false], // before the send time (and in quiet hours)
    [9, false], // quiet hours over, but before 10
    [10, true],
    [15, true],
    [20, true],
    [21, false], // quiet hours start
    [23, false],
  ])("at %i:30 local it sends: %s", (hour, open) => {
    expect(isSendingOpen(fromLocalTime("2026-12-02", hour, 30, NY), NY, w)).toBe(open);
  });

  it("reads the hour in the merchant's zone, not the server's", () => {
    const tenInNewYork = fromLocalTime("2026-12-02", 10, 0, NY); // midnight in Tokyo
    expect(isSendingOpen(tenInNewYork, NY, w)).toBe(true);
    expect(isSendingOpen(tenInNewYork, "Asia/Tokyo", w)).toBe(false);
  });

  it("quiet hours wrap midnight; equal ends mean none", () => {
    expect(inQuietHours(23, 21, 9)).toBe(true);
    expect(inQuietHours(3, 21, 9)).toBe(true);
    expect(inQuietHours(12, 21, 9)).toBe(false);
    expect(inQuietHours(13, 12, 14)).toBe(true);
    expect(inQuietHours(14, 12, 14)).toBe(false);
    expect(inQuietHours(5, 0, 0)).toBe(false);
  });
});

describe("the catch-up window", () => {
  it(`covers ${CATCH_UP_DAYS} days back to today`, () => {
    expect(dueWindow(fromLocalTime("2026-12-02", 10, 0, NY), NY)).toEqual({ from: "2026-11-29", to: "2026-12-02", today: "2026-12-02" });
  });
  it("never reaches before the automation was turned on", () => {
    const enabledAt = fromLocalTime("2026-12-01", 18, 0, NY);
    expect(dueWindow(fromLocalTime("2026-12-02", 10, 0, NY), NY, { enabledAt }).from).toBe("2026-12-01");
  });
  it("looks ahead for the week's preview", () => {
    expect(dueWindow(fromLocalTime("2026-12-02", 10, 0, NY), NY, { enabledAt: fromLocalTime("2026-12-02", 10, 0, NY), lookaheadDays: 6 })).toMatchObject({
      from: "2026-12-02",
      to: "2026-12-08",
    });
  });
});

describe("birthday targets", () => {
  it("a week before, across the new year", () => {
    expect(dateTargets("2026-12-27", "2026-12-28", 7)).toEqual([
      { code: 103, occasion: "2027-01-03", due: "2026-12-27" },
      { code: 104, occasion: "2027-01-04", due: "2026-12-28" },
    ]);
  });
  it("29 February is celebrated on the 28th in a common year, and on the 29th in a leap year", () => {
    expect(dateTargets("2027-02-28", "2027-02-28", 0)).toEqual([
      { code: 228, occasion: "2027-02-28", due: "2027-02-28" },
      { code: 229, occasion: "2027-02-28", due: "2027-02-28" },
    ]);
    expect(dateTargets("2028-02-28", "2028-02-29", 0).map((t) => t.code)).toEqual([228, 229]);
  });
});
