import { hourRangeWords, weekdaysWords } from "@/lib/time";

// The words under a personal code: when it can be used. Pure, so the email, the preview and the
// counter say the same thing; the wording of days and hours is lib/time.ts's.

type TValidityRules = { validDaysOfWeek: number[]; validHourFrom: number | null; validHourTo: number | null };

/** "Valid Sunday to Wednesday, 2 pm to 5 pm, until Dec 31, 2026." — expiresAt in the merchant's zone. */
export function promotionValidityText(promotion: TValidityRules, opts: { expiresAt: Date | null; timeZone: string }): string {
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
