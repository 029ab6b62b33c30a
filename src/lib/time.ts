// The one place that turns instants into a merchant's local calendar (STYLE.md 8).
// Instants are stored as timestamptz; the merchant-local date, weekday and hour of each visit
// are computed here with the IANA zone database (DST included) and stored beside the instant.

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type TWeekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const WEEKDAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

// Days and hours in words: the one wording the promotion email, the counter's refusals and the
// filter summary share (lib/time.test.ts has the table every caller relies on).

/** 14 → "2 pm", 12 → "noon", 0 and 24 → "midnight". */
export function hourWords(hour: number): string {
  const h = ((hour % 24) + 24) % 24;
  if (h === 0) return "midnight";
  if (h === 12) return "noon";
  return h < 12 ? `${h} am` : `${h - 12} pm`;
}

/**
 * A set of weekdays (0 = Sunday … 6 = Saturday) in words: runs of three or more days become a
 * range, and a run ending on Saturday joins one starting on Sunday, so the week reads from the
 * run's first day. "Sunday to Wednesday", "Monday, Wednesday and Friday", "Friday to Sunday",
 * "every day" for all seven, "no day" for none. `short`: "Sun–Wed", "Mon, Wed and Fri".
 */
export function weekdaysWords(days: readonly number[], opts: { short?: boolean; joiner?: "and" | "or" } = {}): string {
  const set = [...new Set(days)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort((a, b) => a - b);
  if (set.length === 0) return "no day";
  if (set.length === 7) return "every day";
  const runs: number[][] = [];
  for (const d of set) {
    const last = runs.at(-1);
    if (last && last.at(-1) === d - 1) last.push(d);
    else runs.push([d]);
  }
  if (runs.length > 1 && runs[0]![0] === 0 && runs.at(-1)!.at(-1) === 6) runs[0] = [...runs.pop()!, ...runs[0]!];
  const names = opts.short ? WEEKDAY_SHORT : WEEKDAY_LABELS;
  const words = runs.flatMap((run) =>
    run.length >= 3 ? [opts.short ? `${names[run[0]!]}–${names[run.at(-1)!]}` : `${names[run[0]!]} to ${names[run.at(-1)!]}`] : run.map((d) => names[d]!),
  );
  return listWords(words, opts.joiner ?? "and");
}

/** "2 pm to 5 pm", "10 pm to 2 am" (from ≤ hour < to, wrapping midnight when from > to); null when it is every hour. */
export function hourRangeWords(from: number | null, to: number | null): string | null {
  if (from === null || to === null || from === to || (from === 0 && to === 24)) return null;
  return `${hourWords(from)} to ${hourWords(to)}`;
}

/** ["a", "b", "c"] → "a, b and c". */
export function listWords(items: readonly string[], joiner: "and" | "or" = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${joiner} ${items.at(-1)}`;
}

export type TLocalTime = {
  /** "YYYY-MM-DD" in the merchant's zone. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  dayOfWeek: number;
  /** 0–23 local clock hour. On the autumn-back night 01:xx happens twice; both are hour 1. */
  hour: number;
  minute: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const weekdayIndex: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function toLocalTime(instant: Date, timeZone: string): TLocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    dayOfWeek: weekdayIndex[parts.weekday!]!,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** The merchant's local calendar date today. */
export const localToday = (timeZone: string, now: Date = new Date()) => toLocalTime(now, timeZone).date;

/** "YYYY-MM-DD" ± n days, pure calendar arithmetic (no zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A "YYYY-MM-DD" as the Date Prisma expects for a @db.Date column. */
export const dateOnly = (date: string) => new Date(`${date}T00:00:00Z`);

/** The offset (ms) of `timeZone` from UTC at `instant`. */
function offsetAt(instant: Date, timeZone: string): number {
  const l = toLocalTime(instant, timeZone);
  const asUtc = Date.UTC(
    Number(l.date.slice(0, 4)),
    Number(l.date.slice(5, 7)) - 1,
    Number(l.date.slice(8, 10)),
    l.hour,
    l.minute,
    instant.getUTCSeconds(),
    instant.getUTCMilliseconds(),
  );
  return asUtc - instant.getTime();
}

/**
 * The instant at which the local wall clock in `timeZone` reads `date` `hour`:`minute`.
 * For a time skipped by DST it returns the instant one offset later (like most calendars);
 * for a repeated time it returns the first occurrence.
 */
export function fromLocalTime(date: string, hour: number, minute: number, timeZone: string): Date {
  const naive = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute);
  const first = naive - offsetAt(new Date(naive), timeZone);
  const second = naive - offsetAt(new Date(first), timeZone);
  const candidates = [first, second].sort((a, b) => a - b);
  for (const c of candidates) {
    const l = toLocalTime(new Date(c), timeZone);
    if (l.date === date && l.hour === hour && l.minute === minute) return new Date(c);
  }
  return new Date(Math.max(first, second));
}

/** "2 hours ago", "3 days ago" — for lists where exact times would be noise. */
export function timeAgo(instant: Date, now: Date = new Date()): string {
  const s = Math.round((now.getTime() - instant.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  if (Math.abs(s) < 60) return rtf.format(-s, "second");
  if (Math.abs(s) < 3600) return rtf.format(-Math.round(s / 60), "minute");
  if (Math.abs(s) < 86400) return rtf.format(-Math.round(s / 3600), "hour");
  if (Math.abs(s) < 86400 * 45) return rtf.format(-Math.round(s / 86400), "day");
  if (Math.abs(s) < 86400 * 365) return rtf.format(-Math.round(s / (86400 * 30)), "month");
  return rtf.format(-Math.round(s / (86400 * 365)), "year");
}

/** A capture's time as the counter shows it, in the merchant's zone: "3:05 PM" today, "Tue 3:05 PM" another day. */
export function formatCounterTime(instant: Date, timeZone: string, now: Date = new Date()): string {
  const time = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(instant);
  if (toLocalTime(instant, timeZone).date === toLocalTime(now, timeZone).date) return time;
  return `${new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short" }).format(instant)} ${time}`;
}

export function formatLocalDateTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(instant);
}

/** "Dec 16, 2026" in the merchant's zone (billing dates: trial end, next invoice). */
export function formatLocalDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" }).format(instant);
}
