import { describe, expect, it } from "vitest";
import { voucherRefusalError, voucherRefusalFromSql, type TVoucherRefusal } from "./voucher-refusals";

// One table of refusals → what the API answers and the counter shows (both call voucherRefusalError).
const offPeak = { validDaysOfWeek: [0, 1, 2, 3], validHourFrom: 14, validHourTo: 17 };
const table: [string, TVoucherRefusal, number, string, string][] = [
  ["unknown", { reason: "voucher_unknown" }, 422, "No voucher has the code K7QX. Check it for typos.", "Unknown code."],
  ["void", { reason: "voucher_void" }, 422, "K7QX was voided and cannot be redeemed.", "Voided."],
  [
    "redeemed, by whom and when",
    { reason: "voucher_redeemed", redeemedAt: new Date("2026-11-20T19:05:00Z"), redeemedBy: "Sam" },
    409,
    "K7QX was already redeemed on Nov 20, 2026, 2:05 PM by Sam.",
    "Already redeemed.",
  ],
  [
    "redeemed, nothing known",
    { reason: "voucher_redeemed", redeemedAt: null, redeemedBy: null },
    409,
    "K7QX was already redeemed on an earlier visit.",
    "Already redeemed.",
  ],
  ["expired", { reason: "voucher_expired", expiresAt: new Date("2026-12-01T04:59:00Z") }, 422, "K7QX expired on Nov 30, 2026, 11:59 PM.", "Expired."],
  [
    "wrong day",
    { reason: "voucher_window", window: offPeak, local: { dayOfWeek: 5, hour: 15 } },
    422,
    "K7QX is good on Sunday to Wednesday only; today is Friday.",
    "Outside the promotion's days or hours.",
  ],
  [
    "wrong hour",
    { reason: "voucher_window", window: offPeak, local: { dayOfWeek: 1, hour: 18 } },
    422,
    "K7QX is good from 2 pm to 5 pm only.",
    "Outside the promotion's days or hours.",
  ],
];

describe("voucherRefusalError", () => {
  it.each(table)("%s", (_name, refusal, status, message, field) => {
    const e = voucherRefusalError("K7QX", refusal, "America/New_York");
    expect(e.status).toBe(status);
    expect(e.message).toBe(message);
    expect(e.fieldErrors).toEqual({ voucherCode: field });
  });

  it("reads the reason codes and DETAIL facts capture_visit() raises", () => {
    const local = { dayOfWeek: 5, hour: 15 };
    expect(voucherRefusalFromSql("voucher_redeemed", { redeemedAt: "2026-11-20T19:05:00+00:00", redeemedBy: "Sam" }, local)).toEqual(table[2]![1]);
    expect(voucherRefusalFromSql("voucher_expired", { expiresAt: "2026-12-01T04:59:00+00:00" }, local)).toEqual(table[4]![1]);
    expect(voucherRefusalFromSql("voucher_window", { ...offPeak }, local)).toEqual(table[5]![1]);
    expect(voucherRefusalFromSql("no_customer", {}, local)).toBeNull();
  });
});
