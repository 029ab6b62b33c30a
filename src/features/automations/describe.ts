import { hourWords } from "@/lib/time";
import { segmentLabel } from "@/features/insights/segments";
import {
  settingsOf,
  type TAutomationKind,
  type TDateSettings,
  type TSecondVisitSettings,
  type TThankYouSettings,
  type TWelcomeSettings,
  type TWinBackSettings,
  welcomeSegment,
} from "./schemas";

// Each automation in one plain sentence (who gets what, when) and a line on timing and limits,
// the words the automations page shows (describe.test.ts is the table).

export type TDescribable = {
  kind: TAutomationKind;
  settings: unknown;
  holdoutPercent: number;
  sendHour: number;
  quietHourFrom: number;
  quietHourTo: number;
  oncePerCustomer: boolean;
  reentryDays: number;
};

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

export function describeAutomation(a: TDescribable, promotionName: string, filterName?: string): string {
  const gets = `get “${promotionName}”`;
  switch (a.kind) {
    case "second_visit": {
      const s = settingsOf(a.kind, a.settings) as TSecondVisitSettings;
      return `Customers who redeemed a deal and haven't come back after ${days(s.days)} ${gets}.`;
    }
    case "win_back": {
      const s = settingsOf(a.kind, a.settings) as TWinBackSettings;
      return s.mode === "usualGap"
        ? `Customers who stay away twice as long as they usually do between visits ${gets}.`
        : `Customers who haven't visited for ${days(s.days)} ${gets}.`;
    }
    case "birthday":
    case "anniversary": {
      const s = settingsOf(a.kind, a.settings) as TDateSettings;
      const what = a.kind === "birthday" ? "birthday" : "anniversary";
      return s.daysBefore === 0 ? `Customers ${gets} on their ${what}.` : `Customers ${gets} ${days(s.daysBefore)} before their ${what}.`;
    }
    case "welcome_best": {
      const segment = welcomeSegment((settingsOf(a.kind, a.settings) as TWelcomeSettings).filter);
      return segment
        ? `Customers who newly join the “${segmentLabel(segment)}” RFM segment ${gets}.`
        : `Customers who newly become “${filterName ?? "a Smart Filter"}” ${gets}.`;
    }
    case "thank_you": {
      const s = settingsOf(a.kind, a.settings) as TThankYouSettings;
      const when = s.days === 0 ? "the same day" : s.days === 1 ? "the day after" : `${days(s.days)} after`;
      return `Customers you rate 3 stars ${gets} ${when}.`;
    }
  }
}

/** "Sent from 10 am, never between 9 pm and 9 am · once per customer · 10% held out to measure lift." */
export function describeTiming(a: TDescribable): string {
  const quiet = a.quietHourFrom === a.quietHourTo ? "" : `, never between ${hourWords(a.quietHourFrom)} and ${hourWords(a.quietHourTo)}`;
  const repeat = a.oncePerCustomer ? "once per customer" : `at most once every ${days(a.reentryDays)} per customer`;
  const holdout = a.holdoutPercent > 0 ? `${a.holdoutPercent}% held out to measure lift` : "no holdout, so no lift to measure";
  return `Sent from ${hourWords(a.sendHour)}${quiet} · ${repeat} · ${holdout}.`;
}
