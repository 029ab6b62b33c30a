import { z } from "zod";
import { zText } from "@/lib/text";

// One shape for a promotion, shared by the form (through promotionInputFromFields), the server
// actions and POST /api/v1/promotions (API.md). Days are 0 = Sunday … 6 = Saturday; hours are the
// merchant's local hours, from ≤ hour < to.

// Labels read "a name", "the offer": the control-character message wants them capitalised.
const capital = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);
const text = (label: string, max: number, opts: { multiline?: boolean } = {}) =>
  zText(capital(label), { ...opts, missing: `Enter ${label}.` })
    .min(1, `Enter ${label}.`)
    .max(max, `Keep ${label} under ${max} characters.`);
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

/** A number field as the browser holds it: "" (blank) is null, anything else its number (NaN if not one). */
const num = (v: string) => (v.trim() === "" ? null : Number(v));

/** The promotion form's fields as its controls hold them (react-hook-form names them after ZPromotionInput's keys). */
export type TPromotionFields = {
  name: string;
  title: string;
  offer: string;
  terms: string;
  /** The ticked day chips: "0" (Sunday) … "6". */
  validDaysOfWeek: string[];
  /** "" is "Any time". */
  validHours: { from: string; to: string };
  expiresInDays: string;
  oncePerCustomer: boolean;
  subject: string;
  preheader: string;
  body: string;
};

/** The promotion form's fields as the input ZPromotionInput expects (hours blank = all day). */
export function promotionInputFromFields(f: TPromotionFields) {
  const from = num(f.validHours.from);
  const to = num(f.validHours.to);
  // One checkbox ticked in a group can arrive as a bare value.
  const days: unknown[] = Array.isArray(f.validDaysOfWeek) ? f.validDaysOfWeek : [];
  return {
    name: f.name,
    title: f.title,
    offer: f.offer,
    terms: f.terms,
    validDaysOfWeek: days.map((d) => Number(d)),
    // Only one end picked: send it, so the form says which one is missing.
    validHours: from === null && to === null ? null : ({ from: from ?? undefined, to: to ?? undefined } as { from: number; to: number }),
    expiresInDays: num(f.expiresInDays),
    oncePerCustomer: f.oncePerCustomer,
    subject: f.subject,
    preheader: f.preheader,
    body: f.body,
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
  brandColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #0f766e."),
  addressLine1: z.string().trim().max(120, "Keep the street under 120 characters."),
  addressLine2: z
    .string()
    .trim()
    .max(120)
    .transform((v) => (v ? v : null)),
  city: z.string().trim().max(80),
  region: z.string().trim().max(80),
  postalCode: z.string().trim().max(20),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Use the two-letter country code, like US."),
  promotionFrequencyCapDays: z
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(0, "Use 0 for no limit.")
    .max(365, "At most 365 days."),
});
export type TBrandingInput = z.input<typeof ZBrandingInput>;
export type TBranding = z.output<typeof ZBrandingInput>;

/** The branding form's fields as its controls hold them. */
export type TBrandingFields = Record<Exclude<keyof TBrandingInput, "promotionFrequencyCapDays">, string> & { promotionFrequencyCapDays: string };

export function brandingInputFromFields(f: TBrandingFields): TBrandingInput {
  return { ...f, promotionFrequencyCapDays: num(f.promotionFrequencyCapDays) ?? Number.NaN };
}
