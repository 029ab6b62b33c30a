import { describe, expect, it } from "vitest";
import { formatMerchantAddress } from "@/lib/address";
import { merchantAddressProblem } from "./branding";
import { ZPromotionInput, promotionInputFromFields } from "./schemas";
import { isWithinHours, promotionValidityText, promotionWindowProblem } from "./validity";

const rules = (validDaysOfWeek: number[], validHourFrom: number | null = null, validHourTo: number | null = null) => ({
  validDaysOfWeek,
  validHourFrom,
  validHourTo,
});

describe("promotionValidityText", () => {
  it("says the Off Peak rules in plain words, with the expiry date in the merchant's zone", () => {
    // 04:30 UTC on Jan 1 is still Dec 31 in New York.
    const expiresAt = new Date("2027-01-01T04:30:00Z");
    expect(promotionValidityText(rules([0, 1, 2, 3], 14, 17), { expiresAt, timeZone: "America/New_York" })).toBe(
      "Valid Sunday to Wednesday, 2 pm to 5 pm, until Dec 31, 2026.",
    );
    expect(promotionValidityText(rules([0, 1, 2, 3], 14, 17), { expiresAt, timeZone: "Europe/Berlin" })).toBe(
      "Valid Sunday to Wednesday, 2 pm to 5 pm, until Jan 1, 2027.",
    );
  });

  it("leaves out what is not restricted", () => {
    expect(promotionValidityText(rules([]), { expiresAt: null, timeZone: "UTC" })).toBe("Valid every day.");
    expect(promotionValidityText(rules([0, 1, 2, 3, 4, 5, 6], 0, 24), { expiresAt: null, timeZone: "UTC" })).toBe("Valid every day.");
    expect(promotionValidityText(rules([], 11, 15), { expiresAt: null, timeZone: "UTC" })).toBe("Valid every day, 11 am to 3 pm.");
  });

  it("words a weekend run across Sunday from its first day", () => {
    expect(promotionValidityText(rules([5, 6, 0], 22, 2), { expiresAt: null, timeZone: "UTC" })).toBe("Valid Friday to Sunday, 10 pm to 2 am.");
  });
});

describe("ZPromotionInput", () => {
  const valid = { name: "Off Peak", title: "Quiet afternoons", offer: "20% off", subject: "Hi {{firstName}}", body: "Come by." };

  it("accepts the API's minimal body and fills the defaults", () => {
    expect(ZPromotionInput.parse(valid)).toMatchObject({
      terms: null,
      validDaysOfWeek: [],
      validHours: null,
      expiresInDays: null,
      oncePerCustomer: true,
      preheader: null,
    });
  });

  it("explains each wrong field in words", () => {
    const r = ZPromotionInput.safeParse({ ...valid, name: " ", validHours: { from: 17, to: 14 }, expiresInDays: 0, validDaysOfWeek: [7] });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toMatchObject({
      name: "Enter a name.",
      "validHours.to": "The end hour must be after the start hour.",
      expiresInDays: "An offer must last at least 1 day.",
      "validDaysOfWeek.0": "Days are 0 (Sunday) to 6 (Saturday).",
    });
  });

  it("reads the form: chips become sorted days, blank hours mean all day", () => {
    const fields = {
      ...valid,
      terms: "",
      preheader: "",
      validDaysOfWeek: ["3", "0"],
      validHours: { from: "", to: "" },
      expiresInDays: "30",
      oncePerCustomer: true,
    };
    expect(ZPromotionInput.parse(promotionInputFromFields(fields))).toMatchObject({
      validDaysOfWeek: [0, 3],
      validHours: null,
      expiresInDays: 30,
      oncePerCustomer: true,
    });
    const half = ZPromotionInput.safeParse(promotionInputFromFields({ ...fields, validHours: { from: "14", to: "" } }));
    expect(half.error?.issues.map((i) => i.path.join("."))).toEqual(["validHours.to"]);
  });
});

describe("merchantAddressProblem", () => {
  const address = { addressLine1: "14 Atlantic Avenue", addressLine2: null, city: "Boston", region: "MA", postalCode: "02110", country: "US" };
  it("is null for a complete address and names what is missing otherwise", () => {
    expect(merchantAddressProblem(address)).toBeNull();
    expect(merchantAddressProblem({ ...address, addressLine1: "", postalCode: " " })).toMatch(/street address, postal code/);
  });
  it("formats one line for the footer", () => {
    expect(formatMerchantAddress({ ...address, addressLine2: "Suite 2" })).toBe("14 Atlantic Avenue, Suite 2, Boston MA 02110, US");
  });
});

const offPeak = { validDaysOfWeek: [0, 1, 2, 3], validHourFrom: 14, validHourTo: 17 };

describe("promotion window", () => {
  it("accepts Sunday–Wednesday between 2 and 5 pm, refuses the rest with the reason", () => {
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 3, hour: 14 })).toBeNull();
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 0, hour: 16 })).toBeNull();
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 5, hour: 15 })).toBe("K7QX is good on Sunday to Wednesday only; today is Friday.");
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 1, hour: 17 })).toBe("K7QX is good from 2 pm to 5 pm only.");
    expect(promotionWindowProblem("K7QX", offPeak, { dayOfWeek: 1, hour: 13 })).not.toBeNull();
  });

  it("words a weekend run across Sunday as the email does (Friday to Sunday)", () => {
    const weekend = { validDaysOfWeek: [0, 5, 6], validHourFrom: null, validHourTo: null };
    expect(promotionWindowProblem("K7QX", weekend, { dayOfWeek: 2, hour: 12 })).toBe("K7QX is good on Friday to Sunday only; today is Tuesday.");
  });

  it("treats no days and no hours as always valid", () => {
    const always = { validDaysOfWeek: [], validHourFrom: null, validHourTo: null };
    for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) expect(promotionWindowProblem("X", always, { dayOfWeek: d, hour: h })).toBeNull();
  });

  it("handles windows past midnight", () => {
    expect(isWithinHours(23, 22, 2)).toBe(true);
    expect(isWithinHours(1, 22, 2)).toBe(true);
    expect(isWithinHours(2, 22, 2)).toBe(false);
    expect(isWithinHours(12, 22, 2)).toBe(false);
  });
});
