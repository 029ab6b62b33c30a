import { vi } from "vitest";

/**
 * Runs `fn` with the JavaScript clock at `now` (Date only: timers and the database's now() stay
 * real). For tests that record visits at fixed instants (a DST night, a weekday at 3 pm) now that
 * the API accepts a visit's time only within a window around the server's clock.
 */
export async function at<T>(now: Date | string, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(now));
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}

/** A minute after `instant`: the server receiving a visit right after it happened. */
export const justAfter = (instant: string | Date) => new Date(new Date(instant).getTime() + 60_000);
