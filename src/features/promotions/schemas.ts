import { z } from "zod";
import { zText } from "@/lib/text";

// One shape for a promotion, shared by the form (through promotionInputFromForm), the server
// actions and POST /api/v1/promotions (API.md). Days are 0 = Sunday … 6 = Saturday; hours are the
// merchant's local hours, from ≤ hour < to.


// Labels read "a name", "the offer": the control-character message wants them capitalised.
const capital = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);
const text = (label: string, max: number, opts: { multiline?: boolean } = {}) =>
  zText(capital(label), { ...opts, missing: `Enter ${label}.` }).min(1, `Enter ${label}.`).max(max, `Keep ${label} under ${max} characters.`);
const optionalText = (label: string, max: number, opts: { multiline?: boolean } = {}) =>
  zText(capital(label), opts)
    .max(max, `Keep ${label} under ${max} characters.`)
    .nullish()
    .transform((v) => (v ? v : null));

export const ZValidHours = z
  .object({
    from: z.number({ error: "Pick the hour the offer starts." }).int().min(0, "Hours run from 0 to 24.").max(23, "The offer must start by 11 pm."),
    to: z.number({ error: "Pick the hour the offer ends." }).int().min(1, "Hours run from 0 to 24.").max(24, "Hours run from 0 to 24."),
  })
  .refine((h) => h.from < h.to, { message: "The end hour must be after the start hour.", path: ["to"] });

export const ZPromotionInput = z.object({
  name: text("a name", 80),
  title: text("a title", 120),
  offer: text("the offer", 160),
  terms: optionalText("the terms", 1000, { multiline: true }),
  validDaysOfWeek: z
    .array(z.number().int().min(0, "Days are 0 (Sunday) to 6 (Saturday).").max(6, "Days are 0 (Sunday) to 6 (Saturday)."))
    .max(7)
    .optional()
    .transform((days) => [...new Set(days ?? [])].sort((a, b) => a - b)),
  validHours: ZValidHours.nullish().transform((h) => h ?? null),
  expiresInDays: z
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(1, "An offer must last at least 1 day.")
    .max(365, "An offer can last at most 365 days.")
    .nullish()
    .transform((v) => v ?? null),
  oncePerCustomer: z.boolean().optional().default(true),
  subject: text("a subject line", 150),
  preheader: optionalText("the preview text", 200),
  body: text("the email text", 5000, { multiline: true }),
});

export type TPromotionInput = z.input<typeof ZPromotionInput>;
export type TPromotion = z.output<typeof ZPromotionInput>;

export const ZPromotionUpdate = ZPromotionInput.extend({ id: z.string().uuid("That promotion was not found.") });
export const ZPromotionId = z.object({ id: z.string().uuid("That promotion was not found.") });

const num = (v: FormDataEntryValue | null) => {
  const s = typeof v === "string" ? v.trim() : "";
  return s === "" ? null : Number(s);
};
const str = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

/** The promotion form's fields as the input ZPromotionInput expects (hours blank = all day). */
export function promotionInputFromForm(fd: FormData) {
  const from = num(fd.get("validHourFrom"));
  const to = num(fd.get("validHourTo"));
  return {
    name: str(fd.get("name")),
    title: str(fd.get("title")),
    offer: str(fd.get("offer")),
    terms: str(fd.get("terms")),
    validDaysOfWeek: fd.getAll("validDaysOfWeek").map((d) => Number(d)),
    // Only one end picked: send it, so the form says which one is missing.
    validHours: from === null && to === null ? null : ({ from: from ?? undefined, to: to ?? undefined } as { from: number; to: number }),
    expiresInDays: num(fd.get("expiresInDays")),
    oncePerCustomer: fd.get("oncePerCustomer") === "on",
    subject: str(fd.get("subject")),
    preheader: str(fd.get("preheader")),
    body: str(fd.get("body")),
  };
}

/** Branding and promotion settings of a merchant (Settings → Branding). */
export const ZBrandingInput = z.object({
  logoUrl: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === "" || /^https:\/\/\S+$/i.test(v), "Use an https:// address for the logo, or leave it blank.")
    .transform((v) => (v ? v : null)),
  brandColor: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #0f766e."),
  addressLine1: z.string().trim().max(120, "Keep the street under 120 characters."),
  addressLine2: z.string().trim().max(120).transform((v) => (v ? v : null)),
  city: z.string().trim().max(80),
  region: z.string().trim().max(80),
  postalCode: z.string().trim().max(20),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Use the two-letter country code, like US."),
  promotionFrequencyCapDays: z
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(0, "Use 0 for no limit.")
    .max(365, "At most 365 days."),
});
export type TBrandingInput = z.input<typeof ZBrandingInput>;
export type TBranding = z.output<typeof ZBrandingInput>;

export function brandingInputFromForm(fd: FormData): TBrandingInput {
  const cap = str(fd.get("promotionFrequencyCapDays")).trim();
  return {
    logoUrl: str(fd.get("logoUrl")),
    brandColor: str(fd.get("brandColor")),
    addressLine1: str(fd.get("addressLine1")),
    addressLine2: str(fd.get("addressLine2")),
    city: str(fd.get("city")),
    region: str(fd.get("region")),
    postalCode: str(fd.get("postalCode")),
    country: str(fd.get("country")),
    promotionFrequencyCapDays: cap === "" ? Number.NaN : Number(cap),
  };
}
