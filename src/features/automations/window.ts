import { addDays, hourWords, toLocalTime } from "@/lib/time";
import { inQuietHours } from "./schemas";

// When an automation may send, and which occasions a pass looks at — pure, so the rules are
// tested by table (window.test.ts).
//
// Catch-up: a pass sends the occasions due from CATCH_UP_DAYS days before today (merchant-local)
// up to today, never before the automation was (last) turned on. A scheduler that was down two
// days sends on its return what fell due meanwhile, once (the occasions' primary key), and
// nothing older: a birthday ten days gone is not celebrated late. The same window lets an
// occasion blocked today by the frequency cap go out on a later day, while it is still fresh.
export const CATCH_UP_DAYS = 3;

export type TSendWindow = { sendHour: number; quietHourFrom: number; quietHourTo: number };

/** May this automation send at `now`: at or after its send time and outside quiet hours, merchant-local. */
export function isSendingOpen(now: Date, timeZone: string, w: TSendWindow): boolean {
  const { hour } = toLocalTime(now, timeZone);
  return hour >= w.sendHour && !inQuietHours(hour, w.quietHourFrom, w.quietHourTo);
}

/** The local due dates a pass at `now` covers: [today − CATCH_UP_DAYS, today + lookaheadDays], not before enabledAt's day. */
export function dueWindow(
  now: Date,
  timeZone: string,
  opts: { enabledAt?: Date | null; lookaheadDays?: number } = {},
): { from: string; to: string; today: string } {
  const today = toLocalTime(now, timeZone).date;
  let from = addDays(today, -CATCH_UP_DAYS);
  if (opts.enabledAt) {
    const enabled = toLocalTime(opts.enabledAt, timeZone).date;
    if (enabled > from) from = enabled;
  }
  return { from, to: addDays(today, opts.lookaheadDays ?? 0), today };
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * Birthdays and anniversaries: for each due date in [from, to], the calendar day `daysBefore`
 * later is the occasion. Returned as the month·100+day code the customers_birthday_code_idx
 * index is built on, the occasion's date and the due date. In a year without 29 February, a 29
 * February birthday is celebrated on the 28th.
 */
export function dateTargets(from: string, to: string, daysBefore: number): { code: number; occasion: string; due: string }[] {
  const out: { code: number; occasion: string; due: string }[] = [];
  for (let due = from; due <= to; due = addDays(due, 1)) {
    const occasion = addDays(due, daysBefore);
    const month = Number(occasion.slice(5, 7));
    const day = Number(occasion.slice(8, 10));
    out.push({ code: month * 100 + day, occasion, due });
    if (month === 2 && day === 28 && !isLeap(Number(occasion.slice(0, 4)))) out.push({ code: 229, occasion, due });
  }
  return out;
}

/** "10 am, not between 9 pm and 9 am". */
export function sendTimeWords(w: TSendWindow): string {
  const quiet = w.quietHourFrom === w.quietHourTo ? "" : `, never between ${hourWords(w.quietHourFrom)} and ${hourWords(w.quietHourTo)}`;
  return `from ${hourWords(w.sendHour)}${quiet}`;
}
