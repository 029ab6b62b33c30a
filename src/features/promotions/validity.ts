import { hourRangeWords, WEEKDAY_LABELS, weekdaysWords, type TLocalTime } from "@/lib/time";

// When a promotion's personal code can be used, and the words for it. A Social Select code redeems
// only inside its promotion's window (PRODUCT.md flow 3): on the promotion's weekdays and between
// its hours, both in the merchant's time zone; expiry, one use and "this merchant only" are checked
// on the voucher itself (visits/capture.ts). Pure, so the email, the preview and the counter say the
// same thing; the wording of days and hours is lib/time.ts's.

export type TPromotionWindow = {
  /** 0 = Sunday … 6 = Saturday; empty means every day. */
  validDaysOfWeek: number[];
  /** from ≤ hour < to, merchant-local; null means all day. A window past midnight has from > to. */
  validHourFrom: number | null;
  validHourTo: number | null;
};

/** "Valid Sunday to Wednesday, 2 pm to 5 pm, until Dec 31, 2026." — expiresAt in the merchant's zone. */
export function promotionValidityText(promotion: TPromotionWindow, opts: { expiresAt: Date | null; timeZone: string }): string {
  // A promotion with no days chosen is good every day.
  const parts = [promotion.validDaysOfWeek.length ? weekdaysWords(promotion.validDaysOfWeek) : "every day"];
  const hours = hourRangeWords(promotion.validHourFrom, promotion.validHourTo);
  if (hours) parts.push(hours);
  if (opts.expiresAt) {
    const date = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: opts.timeZone }).format(opts.expiresAt);
    parts.push(`until ${date}`);
  }
  return `Valid ${parts.join(", ")}.`;
}

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
