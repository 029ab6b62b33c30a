import { describe, expect, it } from "vitest";
import type { FieldErrors, FieldValues } from "react-hook-form";
import type { z } from "zod";
import { zodFieldsResolver } from "@/components/forms/use-zod-form";
import { ZCampaignForm } from "@/features/campaigns/schemas";
import { AppError } from "@/lib/errors";
import { brandingInputFromFields, promotionInputFromFields, type TBrandingFields, type TPromotionFields, ZBrandingInput, ZPromotionInput } from "./schemas";

// The forms check their fields in the browser with the server action's own schema (useZodForm):
// whatever the browser says beside a field must be what the server's fieldErrors would say there.

/** react-hook-form's nested errors as the server's dotted fieldErrors keys. */
function flatten(errors: FieldErrors, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== "object") continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof (value as { message?: unknown }).message === "string") out[path] = (value as { message: string }).message;
    else Object.assign(out, flatten(value as FieldErrors, path));
  }
  return out;
}

async function browserSays<TFields extends FieldValues, TSchema extends z.ZodType<unknown, FieldValues>>(schema: TSchema, toInput: (f: TFields) => z.input<TSchema>, fields: TFields) {
  const result = await zodFieldsResolver(schema, toInput)(fields, undefined, { fields: {}, shouldUseNativeValidation: false });
  return flatten(result.errors);
}

function serverSays(schema: z.ZodType, input: unknown) {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : (AppError.invalid(parsed.error).fieldErrors ?? {});
}

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
    const result = await zodFieldsResolver(ZPromotionInput, promotionInputFromFields)(promotion, undefined, { fields: {}, shouldUseNativeValidation: false });
    expect(result.errors).toEqual({});
    expect(ZPromotionInput.parse(result.values)).toMatchObject({ name: "Off Peak", validDaysOfWeek: [1, 2], validHours: { from: 14, to: 17 }, expiresInDays: 30 });
  });

  const bad: [string, Partial<TPromotionFields>, Record<string, string>][] = [
    ["a blank form", { name: "", offer: " ", subject: "", body: "" }, { name: "Enter a name.", offer: "Enter the offer.", subject: "Enter a subject line.", body: "Enter the email text." }],
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

describe("the branding and new-campaign forms' checks in the browser", () => {
  const branding: TBrandingFields = { logoUrl: "", brandColor: "#0f766e", addressLine1: "14 Atlantic Avenue", addressLine2: "", city: "Boston", region: "MA", postalCode: "02110", country: "us", promotionFrequencyCapDays: "7" };
  it("refuses a colour name, a long city and a blank limit as the server does", async () => {
    // The city's limit is zod's own ("Too big: …"): both sides word it the same plain way.
    const fields = { ...branding, brandColor: "teal", city: "x".repeat(81), promotionFrequencyCapDays: "" };
    const browser = await browserSays(ZBrandingInput, brandingInputFromFields, fields);
    expect(browser).toEqual({ brandColor: "Use a colour like #0f766e.", city: "City can be at most 80 characters.", promotionFrequencyCapDays: "Enter a number of days." });
    expect(browser).toEqual(serverSays(ZBrandingInput, brandingInputFromFields(fields)));
    expect(await browserSays(ZBrandingInput, brandingInputFromFields, branding)).toEqual({});
  });

  it("wants a date and time for a scheduled send, and words zod's own limits plainly", async () => {
    const toInput = (f: { when: "now" | "later"; name: string }) => ({ promotionId: "6f0a8c52-5b7e-4b5a-9d53-0c2f3a9d1e11", groupId: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", holdoutPercent: 10, when: f.when, name: f.name });
    const browser = await browserSays(ZCampaignForm, toInput, { when: "later", name: "x".repeat(81) });
    expect(browser).toEqual({ name: "Keep the name under 80 characters.", localDate: "Pick a date.", localTime: "Pick a time." });
    expect(browser).toEqual(serverSays(ZCampaignForm, toInput({ when: "later", name: "x".repeat(81) })));
  });
});
