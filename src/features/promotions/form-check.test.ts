import { describe, expect, it } from "vitest";
import type { FieldValues } from "react-hook-form";
import type { z } from "zod";
import { browserCheck, serverFieldErrors } from "@/components/forms/form-check-testing";
import { brandingInputFromFields, promotionInputFromFields, type TBrandingFields, type TPromotionFields, ZBrandingInput, ZPromotionInput } from "./schemas";

// The forms check their fields in the browser with the server action's own schema (useZodForm):
// whatever the browser says beside a field must be what the server's fieldErrors would say there.

const browserSays = async <TFields extends FieldValues, TSchema extends z.ZodType<unknown, FieldValues>>(
  schema: TSchema,
  toInput: (f: TFields) => z.input<TSchema>,
  fields: TFields,
) => (await browserCheck(schema, toInput, fields)).messages;
const serverSays = serverFieldErrors;

const promotion: TPromotionFields = {
  name: "Off Peak",
  title: "Quiet afternoons",
  offer: "20% off",
  terms: "",
  validDaysOfWeek: ["1", "2"],
  validHours: { from: "14", to: "17" },
  expiresInDays: "30",
  oncePerCustomer: true,
  subject: "Hi {{firstName}}",
  preheader: "",
  body: "Come by.",
};

describe("the promotion form's check in the browser", () => {
  it("passes a good promotion and hands the action ZPromotionInput's input", async () => {
    const result = await browserCheck(ZPromotionInput, promotionInputFromFields, promotion);
    expect(result.messages).toEqual({});
    expect(ZPromotionInput.parse(result.values)).toMatchObject({
      name: "Off Peak",
      validDaysOfWeek: [1, 2],
      validHours: { from: 14, to: 17 },
      expiresInDays: 30,
    });
  });

  const bad: [string, Partial<TPromotionFields>, Record<string, string>][] = [
    [
      "a blank form",
      { name: "", offer: " ", subject: "", body: "" },
      { name: "Enter a name.", offer: "Enter the offer.", subject: "Enter a subject line.", body: "Enter the email text." },
    ],
    ["a name past the limit (typed around maxLength)", { name: "x".repeat(81) }, { name: "Keep a name under 80 characters." }],
    ["only a start hour", { validHours: { from: "14", to: "" } }, { "validHours.to": "Pick the hour the offer ends." }],
    ["an end before the start", { validHours: { from: "17", to: "14" } }, { "validHours.to": "The end hour must be after the start hour." }],
    ["days that are not a number", { expiresInDays: "soon" }, { expiresInDays: "Enter a number of days." }],
    ["a zero-day offer", { expiresInDays: "0" }, { expiresInDays: "An offer must last at least 1 day." }],
  ];
  it.each(bad)("explains %s beside the field, in the server's words", async (_, change, expected) => {
    const fields = { ...promotion, ...change };
    const browser = await browserSays(ZPromotionInput, promotionInputFromFields, fields);
    expect(browser).toEqual(expected);
    expect(browser).toEqual(serverSays(ZPromotionInput, promotionInputFromFields(fields)));
  });
});

describe("the branding form's check in the browser", () => {
  const branding: TBrandingFields = {
    logoUrl: "",
    brandColor: "#0f766e",
    addressLine1: "14 Atlantic Avenue",
    addressLine2: "",
    city: "Boston",
    region: "MA",
    postalCode: "02110",
    country: "us",
    promotionFrequencyCapDays: "7",
  };
  it("refuses a colour name, a long city and a blank limit as the server does", async () => {
    // The city's limit is zod's own ("Too big: …"): both sides word it the same plain way.
    const fields = { ...branding, brandColor: "teal", city: "x".repeat(81), promotionFrequencyCapDays: "" };
    const browser = await browserSays(ZBrandingInput, brandingInputFromFields, fields);
    expect(browser).toEqual({
      brandColor: "Use a colour like #0f766e.",
      city: "City can be at most 80 characters.",
      promotionFrequencyCapDays: "Enter a number of days.",
    });
    expect(browser).toEqual(serverSays(ZBrandingInput, brandingInputFromFields(fields)));
    expect(await browserSays(ZBrandingInput, brandingInputFromFields, branding)).toEqual({});
  });
});
