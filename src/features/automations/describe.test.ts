import { describe, expect, it } from "vitest";
import { describeAutomation, describeTiming, type TDescribable } from "./describe";

const base: TDescribable = {
  kind: "second_visit",
  settings: { days: 14 },
  holdoutPercent: 10,
  sendHour: 10,
  quietHourFrom: 21,
  quietHourTo: 9,
  oncePerCustomer: true,
  reentryDays: 90,
};

describe("an automation in plain words", () => {
  it.each<[Partial<TDescribable>, string]>([
    [{}, "Customers who redeemed a deal and haven't come back after 14 days get “Come back for 10% off”."],
    [{ kind: "win_back", settings: { days: 60 } }, "Customers who haven't visited for 60 days get “Come back for 10% off”."],
    [
      { kind: "win_back", settings: { mode: "usualGap" } },
      "Customers who stay away twice as long as they usually do between visits get “Come back for 10% off”.",
    ],
    [{ kind: "birthday", settings: { daysBefore: 7 } }, "Customers get “Come back for 10% off” 7 days before their birthday."],
    [{ kind: "anniversary", settings: { daysBefore: 0 } }, "Customers get “Come back for 10% off” on their anniversary."],
    [{ kind: "thank_you", settings: { days: 1 } }, "Customers you rate 3 stars get “Come back for 10% off” the day after."],
    [{ kind: "welcome_best", settings: { filter: "preset:best" } }, "Customers who newly become “Best customers” get “Come back for 10% off”."],
    [{ kind: "welcome_best", settings: { filter: "segment:champions" } }, "Customers who newly join the “Champions” RFM segment get “Come back for 10% off”."],
    [
      { kind: "welcome_best", settings: { filter: "segment:cant_lose" } },
      "Customers who newly join the “Can't lose them” RFM segment get “Come back for 10% off”.",
    ],
    [{ settings: { days: "nonsense" } }, "Customers who redeemed a deal and haven't come back after 14 days get “Come back for 10% off”."],
  ])("%j", (over, sentence) => {
    expect(describeAutomation({ ...base, ...over }, "Come back for 10% off", "Best customers")).toBe(sentence);
  });

  it("says when it sends, how often, and the holdout", () => {
    expect(describeTiming(base)).toBe("Sent from 10 am, never between 9 pm and 9 am · once per customer · 10% held out to measure lift.");
    expect(describeTiming({ ...base, quietHourFrom: 0, quietHourTo: 0, oncePerCustomer: false, reentryDays: 30, holdoutPercent: 0 })).toBe(
      "Sent from 10 am · at most once every 30 days per customer · no holdout, so no lift to measure.",
    );
  });
});
