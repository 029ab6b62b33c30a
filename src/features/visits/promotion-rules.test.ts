import { describe, expect, it } from "vitest";
import { describeWeekdays, formatHour, isWithinHours, promotionWindowProblem } from "./promotion-rules";

const offPeak = { validDaysOfWeek: [0, 1, 2, 3], validHourFrom: 14, validHourTo: 17 };

describe("promotion window", () => {
  it("accepts Sunday–Wednesday between 2 and 5 pm, refuses the rest with the reason", () => {
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 3, hour: 14 })).toBeNull();
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 0, hour: 16 })).toBeNull();
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 5, hour: 15 })).toBe("K7QX is good on Sunday to Wednesday only; today is Friday.");
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 1, hour: 17 })).toBe("K7QX is good from 2 pm to 5 pm only.");
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 1, hour: 13 })).not.toBeNull();
  });

  it("treats no days and no hours as always valid", () => {
    const always = { validDaysOfWeek: [], validHourFrom: null, validHourTo: null };
    for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) expect(promotionWindowProblem("X", always, { dayOfWeek: d, hour: h })).toBeNull();
  });

  it("handles windows past midnight", () => {
    expect(isWithinHours(23, 22, 2)).toBe(true);
    expect(isWithinHours(1, 22, 2)).toBe(true);
    expect(isWithinHours(2, 22, 2)).toBe(false);
    expect(isWithinHours(12, 22, 2)).toBe(false);
  });

  it("names days and hours in plain words", () => {
    expect(describeWeekdays([3, 0, 1, 2])).toBe("Sunday to Wednesday");
    expect(describeWeekdays([1, 3, 5])).toBe("Monday, Wednesday and Friday");
    expect(describeWeekdays([6])).toBe("Saturday");
    expect(describeWeekdays([0, 1, 2, 3, 4, 5, 6])).toBe("");
    expect([0, 9, 12, 14, 23].map(formatHour)).toEqual(["midnight", "9 am", "noon", "2 pm", "11 pm"]);
  });
});
