import { hourRangeWords, WEEKDAY_LABELS, weekdaysWords, type TLocalTime } from "@/lib/time";

// A Social Select code redeems only inside its promotion's window (PRODUCT.md flow 3): on the
// promotion's weekdays and between its hours, both in the merchant's time zone. Expiry, one use
// and "this merchant only" are checked on the voucher itself (capture.ts).

export type TPromotionWindow = {
  /** 0 = Sunday … 6 = Saturday; empty means every day. */
  validDaysOfWeek: number[];
  /** from ≤ hour < to, merchant-local; null means all day. A window past midnight has from > to. */
  validHourFrom: number | null;
  validHourTo: number | null;
};

export function isWithinHours(hour: number, from: number | null, to: number | null): boolean {
  if (from === null || to === null || from === to) return true;
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** Why this code cannot be redeemed at this local time, in words for the counter; null when it can. */
export function promotionWindowProblem(code: string, window: TPromotionWindow, local: Pick<TLocalTime, "dayOfWeek" | "hour">): string | null {
  const days = window.validDaysOfWeek;
  if (days.length > 0 && !days.includes(local.dayOfWeek)) {
    return `${code} is good on ${weekdaysWords(days)} only; today is ${WEEKDAY_LABELS[local.dayOfWeek]}.`;
  }
  if (!isWithinHours(local.hour, window.validHourFrom, window.validHourTo)) {
    return `${code} is good from ${hourRangeWords(window.validHourFrom, window.validHourTo)} only.`;
  }
  return null;
}
