import { WEEKDAYS } from "./schemas";

// The words under a personal code: when it can be used. Pure, so the email, the preview and the
// counter say the same thing.

type TValidityRules = { validDaysOfWeek: number[]; validHourFrom: number | null; validHourTo: number | null };

/** 14 → "2 pm", 12 → "noon", 0 and 24 → "midnight". */
export function hourWords(hour: number): string {
  if (hour === 0 || hour === 24) return "midnight";
  if (hour === 12) return "noon";
  return hour < 12 ? `${hour} am` : `${hour - 12} pm`;
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** "Sunday to Wednesday", "Monday, Wednesday and Friday", "Friday to Sunday", "every day". */
export function daysWords(days: number[]): string {
  const set = [...new Set(days)].filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
  if (set.length === 0 || set.length === 7) return "every day";
  // Split into runs of consecutive days; a run ending on Saturday joins one starting on Sunday.
  const runs: number[][] = [];
  for (const d of set) {
    const last = runs.at(-1);
    if (last && last.at(-1) === d - 1) last.push(d);
    else runs.push([d]);
  }
  if (runs.length > 1 && runs[0]![0] === 0 && runs.at(-1)!.at(-1) === 6) runs[0] = [...runs.pop()!, ...runs[0]!];
  const words = runs.flatMap((run) =>
    run.length >= 3 ? [`${WEEKDAYS[run[0]!]} to ${WEEKDAYS[run.at(-1)!]}`] : run.map((d) => WEEKDAYS[d]!),
  );
  return listWords(words);
}

/** "Valid Sunday to Wednesday, 2 pm to 5 pm, until Dec 31, 2026." — expiresAt in the merchant's zone. */
export function promotionValidityText(promotion: TValidityRules, opts: { expiresAt: Date | null; timeZone: string }): string {
  const parts = [daysWords(promotion.validDaysOfWeek)];
  if (promotion.validHourFrom !== null && promotion.validHourTo !== null && !(promotion.validHourFrom === 0 && promotion.validHourTo === 24)) {
    parts.push(`${hourWords(promotion.validHourFrom)} to ${hourWords(promotion.validHourTo)}`);
  }
  if (opts.expiresAt) {
    const date = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: opts.timeZone }).format(opts.expiresAt);
    parts.push(`until ${date}`);
  }
  return `Valid ${parts.join(", ")}.`;
}
