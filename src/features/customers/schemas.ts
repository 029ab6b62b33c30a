import { z } from "zod";
import { zText } from "@/lib/text";

// A customer as partners and the counter send one (API.md POST /api/v1/customers).
const ZDateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "Not a real date.");

/** Phone numbers are stored E.164; common North American input is normalised. */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[^\d]/g, "");
  if (trimmed.startsWith("+")) return /^\d{8,15}$/.test(digits) ? `+${digits}` : null;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return null;
}

export const ZPhone = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const p = normalizePhone(v);
    if (!p) {
      ctx.addIssue({ code: "custom", message: "Use an international number like +14155550123." });
      return z.NEVER;
    }
    return p;
  });

export const ZTagNames = z.array(zText("A tag").min(1, "A tag needs a name.").max(40, "Keep tags under 40 characters.")).max(20, "At most 20 tags.");

export const ZCustomerInput = z
  .object({
    email: z.string().trim().email("Enter a valid email address.").max(254).optional(),
    phone: ZPhone.optional(),
    firstName: zText("First name").max(80).optional(),
    lastName: zText("Last name").max(80).optional(),
    zip: zText("ZIP").max(12).optional(),
    birthday: ZDateOnly.optional(),
    anniversary: ZDateOnly.optional(),
    emailConsent: z.boolean().optional(),
    tags: ZTagNames.optional(),
    externalId: zText("externalId").min(1).max(120).optional(),
    /** Followers or audience size the merchant knows of (the social score reads it), and where it came from. */
    reach: z
      .number({ error: "Reach is a number of people." })
      .int("Reach is a whole number.")
      .min(0, "Reach is 0 or more.")
      .max(2_000_000_000, "Reach is at most 2,000,000,000.")
      .optional(),
    reachSource: zText("reachSource").min(1).max(80, "Keep the reach source under 81 characters.").optional(),
  })
  .strict()
  .refine((c) => c.email || c.phone || c.externalId, { message: "Give at least one of email, phone or externalId.", path: ["email"] });
export type TCustomerInput = z.infer<typeof ZCustomerInput>;

/** The counter's one-line "add a customer": a name is enough. */
export const ZQuickCustomer = z
  .object({
    firstName: zText("First name").max(80).optional(),
    lastName: zText("Last name").max(80).optional(),
    email: z
      .string()
      .trim()
      .email("Enter a valid email address.")
      .max(254)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    phone: ZPhone.optional().or(z.literal("").transform(() => undefined)),
    emailConsent: z.boolean().optional(),
  })
  .strict()
  .refine((c) => c.firstName || c.lastName || c.email || c.phone, { message: "Give a name, an email or a phone number.", path: ["firstName"] });
export type TQuickCustomer = z.infer<typeof ZQuickCustomer>;

// ── The Customer 360's own forms (features/customers/edit.ts, notes.ts, merge.ts, erase.ts) ────────

/** A text box left empty means "no value": the edit form sends "" for a cleared field. */
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const optionalText = (label: string, max: number) =>
  z.preprocess(
    blank,
    zText(label)
      .max(max, `Keep the ${label.toLowerCase()} under ${max + 1} characters.`)
      .nullable(),
  );

export const ZCustomerId = z.string().uuid("That customer was not found.");

/** What a manager may change on the 360. Every field is sent; "" clears it. */
export const ZCustomerEdit = z
  .object({
    customerId: ZCustomerId,
    firstName: optionalText("First name", 80),
    lastName: optionalText("Last name", 80),
    email: z.preprocess(blank, z.string().trim().max(254, "That email address is too long.").email("Enter an email address like name@example.com.").nullable()),
    phone: z.preprocess(blank, ZPhone.nullable()),
    zip: optionalText("ZIP code", 12),
    birthday: z.preprocess(blank, ZDateOnly.nullable()),
    anniversary: z.preprocess(blank, ZDateOnly.nullable()),
    externalId: optionalText("External id", 120),
  })
  .strict()
  .refine((c) => c.firstName || c.lastName || c.email || c.phone || c.externalId, {
    message: "Keep at least a name, an email, a phone number or an external id.",
    path: ["firstName"],
  });
export type TCustomerEdit = z.infer<typeof ZCustomerEdit>;

/** Staff record consent the customer gave them, or withdraw it for them; either way with the reason. */
export const ZConsentChange = z.discriminatedUnion("change", [
  z.object({
    customerId: ZCustomerId,
    change: z.literal("withdraw"),
    reason: zText("The reason").min(3, "Say why, in a few words (for example: asked at the counter).").max(300, "Keep the reason under 300 characters."),
  }),
  z.object({
    customerId: ZCustomerId,
    change: z.literal("record"),
    reason: zText("How they agreed").min(3, "Say how the customer agreed (for example: signed the sign-up card).").max(300, "Keep it under 300 characters."),
  }),
]);
export type TConsentChange = z.infer<typeof ZConsentChange>;

export const ZNoteInput = z.object({
  customerId: ZCustomerId,
  body: zText("A note", { multiline: true }).min(1, "Write the note first.").max(2000, "Keep a note under 2,000 characters."),
});
export const ZNoteDelete = z.object({ customerId: ZCustomerId, noteId: z.string().uuid("That note was not found.") });

export const ZMergeInput = z
  .object({ survivorId: ZCustomerId, duplicateId: ZCustomerId })
  .refine((v) => v.survivorId !== v.duplicateId, { message: "Pick another customer: a customer cannot be merged into themselves.", path: ["duplicateId"] });
export type TMergeInput = z.infer<typeof ZMergeInput>;

export const ZEraseInput = z.object({
  customerId: ZCustomerId,
  /** The name as the person typed it to confirm; compared with the customer's shown name. */
  confirmName: z.string().trim().max(300),
  reason: zText("The reason")
    .min(3, "Say why, in a few words (for example: customer asked by email on 2 May).")
    .max(300, "Keep the reason under 300 characters."),
});
export type TEraseInput = z.infer<typeof ZEraseInput>;
