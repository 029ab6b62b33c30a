import { describe, expect, it } from "vitest";
import { isWithinHours, promotionWindowProblem } from "./promotion-rules";

const offPeak = { validDaysOfWeek: [0, 1, 2, 3], validHourFrom: 14, validHourTo: 17 };

describe("promotion window", () => {
  it("accepts Sunday–Wednesday between 2 and 5 pm, refuses the rest with the reason", () => {
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 3, hour: 14 })).toBeNull();
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 0, hour: 16 })).toBeNull();
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 5, hour: 15 })).toBe("K7QX is good on Sunday to Wednesday only; today is Friday.");
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 1, hour: 17 })).toBe("K7QX is good from 2 pm to 5 pm only.");
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 1, hour: 13 })).not.toBeNull();
  });

  it("words a weekend run across Sunday as the email does (Friday to Sunday)", () => {
    const weekend = { validDaysOfWeek: [0, 5, 6], validHourFrom: null, validHourTo: null };
    expect(promotionWindowProblem("K7QX", weekend, { dayOfWeek: 2, hour: 12 })).toBe("K7QX is good on Friday to Sunday only; today is Tuesday.");
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

});
