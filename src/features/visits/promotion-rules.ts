import { WEEKDAY_LABELS, type TLocalTime } from "@/lib/time";

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

export function formatHour(hour: number): string {
  const h = ((hour % 24) + 24) % 24;
  if (h === 0) return "midnight";
  if (h === 12) return "noon";
  return h < 12 ? `${h} am` : `${h - 12} pm`;
}

/** "Sunday to Wednesday", "Monday, Wednesday and Friday", "" when every day. */
export function describeWeekdays(days: number[]): string {
  const sorted = [...new Set(days)].filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length === 7) return "";
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (contiguous && sorted.length >= 3) return `${WEEKDAY_LABELS[sorted[0]!]} to ${WEEKDAY_LABELS[sorted.at(-1)!]}`;
  const names = sorted.map((d) => WEEKDAY_LABELS[d]!);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export function isWithinHours(hour: number, from: number | null, to: number | null): boolean {
  if (from === null || to === null || from === to) return true;
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** Why this code cannot be redeemed at this local time, in words for the counter; null when it can. */
export function promotionWindowProblem(code: string, window: TPromotionWindow, local: Pick<TLocalTime, "dayOfWeek" | "hour">): string | null {
  const days = window.validDaysOfWeek;
  if (days.length > 0 && !days.includes(local.dayOfWeek)) {
    return `${code} is good on ${describeWeekdays(days)} only; today is ${WEEKDAY_LABELS[local.dayOfWeek]}.`;
  }
  if (!isWithinHours(local.hour, window.validHourFrom, window.validHourTo)) {
    return `${code} is good from ${formatHour(window.validHourFrom!)} to ${formatHour(window.validHourTo!)} only.`;
  }
  return null;
}
