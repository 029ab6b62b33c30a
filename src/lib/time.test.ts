import { describe, expect, it } from "vitest";
import { addDays, formatCounterTime, fromLocalTime, hourRangeWords, hourWords, localToday, toLocalTime, weekdaysWords } from "./time";

describe("toLocalTime", () => {
  it("places an instant on the merchant's local calendar (FILTERS.md example)", () => {
    // 2026-03-08T01:30-08:00 in Los Angeles is a Sunday at hour 1.
    expect(toLocalTime(new Date("2026-03-08T01:30:00-08:00"), "America/Los_Angeles")).toMatchObject({ date: "2026-03-08", dayOfWeek: 0, hour: 1 });
  });

  it("counts the repeated autumn-back hour both times as hour 1", () => {
    // 2026-11-01: New York falls back from 02:00 EDT to 01:00 EST.
    const first = toLocalTime(new Date("2026-11-01T05:30:00Z"), "America/New_York"); // 01:30 EDT
    const second = toLocalTime(new Date("2026-11-01T06:30:00Z"), "America/New_York"); // 01:30 EST
    expect(first).toMatchObject({ date: "2026-11-01", hour: 1, dayOfWeek: 0 });
    expect(second).toMatchObject({ date: "2026-11-01", hour: 1, dayOfWeek: 0 });
  });

  it("crosses midnight by the merchant's zone, not the server's", () => {
    const instant = new Date("2026-06-01T03:00:00Z");
    expect(toLocalTime(instant, "America/Los_Angeles").date).toBe("2026-05-31");
    expect(toLocalTime(instant, "Europe/Berlin").date).toBe("2026-06-01");
  });
});

describe("fromLocalTime", () => {
  it("round-trips ordinary local times", () => {
    const instant = fromLocalTime("2026-07-04", 19, 15, "America/Chicago");
    expect(instant.toISOString()).toBe("2026-07-05T00:15:00.000Z");
    expect(toLocalTime(instant, "America/Chicago")).toMatchObject({ date: "2026-07-04", hour: 19, minute: 15 });
  });

  it("moves a time skipped by spring-forward one hour later", () => {
    // 2026-03-08 02:30 does not exist in New York.
    const instant = fromLocalTime("2026-03-08", 2, 30, "America/New_York");
    expect(toLocalTime(instant, "America/New_York")).toMatchObject({ date: "2026-03-08", hour: 3 });
  });

  it("picks the first of a repeated time", () => {
    expect(fromLocalTime("2026-11-01", 1, 30, "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });
});

describe("calendar helpers", () => {
  it("adds days across month and leap-year boundaries", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("knows today in the merchant's zone", () => {
    expect(localToday("Pacific/Kiritimati", new Date("2026-01-01T11:00:00Z"))).toBe("2026-01-02");
    expect(localToday("Pacific/Pago_Pago", new Date("2026-01-01T10:00:00Z"))).toBe("2025-12-31");
  });
});

// The one wording of days and hours: the email and the counter's refusals (promotions/validity.ts)
// and the filter summary (filters/summary.ts) all say these.
describe("weekdaysWords", () => {
  const table: [number[], string, string][] = [
    [[0, 1, 2, 3], "Sunday to Wednesday", "Sun–Wed"],
    [[3, 0, 1, 2], "Sunday to Wednesday", "Sun–Wed"],
    [[1, 3, 5], "Monday, Wednesday and Friday", "Mon, Wed and Fri"],
    [[5, 6, 0], "Friday to Sunday", "Fri–Sun"],
    [[0, 5, 6], "Friday to Sunday", "Fri–Sun"],
    [[6, 0], "Saturday and Sunday", "Sat and Sun"],
    [[1, 2, 3, 5], "Monday to Wednesday and Friday", "Mon–Wed and Fri"],
    [[4, 5, 6, 0, 1], "Thursday to Monday", "Thu–Mon"],
    [[2], "Tuesday", "Tue"],
    [[6], "Saturday", "Sat"],
    [[0, 1, 2, 3, 4, 5, 6], "every day", "every day"],
    [[], "no day", "no day"],
  ];
  it.each(table)("%j → %s", (days, long, short) => {
    expect(weekdaysWords(days)).toBe(long);
    expect(weekdaysWords(days, { short: true })).toBe(short);
  });
  it("joins with 'or' when asked", () => {
    expect(weekdaysWords([1, 3, 5], { short: true, joiner: "or" })).toBe("Mon, Wed or Fri");
  });
});

describe("hourWords and hourRangeWords", () => {
  it("names noon and midnight", () => {
    expect([0, 9, 12, 13, 14, 23, 24].map(hourWords)).toEqual(["midnight", "9 am", "noon", "1 pm", "2 pm", "11 pm", "midnight"]);
  });
  it.each([
    [14, 17, "2 pm to 5 pm"],
    [22, 2, "10 pm to 2 am"],
    [11, 15, "11 am to 3 pm"],
    [0, 12, "midnight to noon"],
    [0, 24, null],
    [9, 9, null],
    [null, 17, null],
    [null, null, null],
  ] as const)("%s to %s → %s", (from, to, words) => {
    expect(hourRangeWords(from, to)).toBe(words);
  });
});

describe("formatCounterTime", () => {
  it("shows a capture's time in the merchant's zone, with the weekday when it was not today there", () => {
    const now = new Date("2026-03-10T20:00:00Z"); // Tuesday 1 PM in Los Angeles
    expect(formatCounterTime(new Date("2026-03-10T17:05:00Z"), "America/Los_Angeles", now)).toBe("10:05 AM");
    expect(formatCounterTime(new Date("2026-03-10T06:30:00Z"), "America/Los_Angeles", now)).toBe("Mon 11:30 PM");
    expect(formatCounterTime(new Date("2026-03-10T17:05:00Z"), "Europe/Berlin", now)).toBe("6:05 PM");
  });
});
