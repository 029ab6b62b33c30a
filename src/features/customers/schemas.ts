import { z } from "zod";
import { zText } from "@/lib/text";

// A customer as partners and the counter send one (API.md POST /api/v1/customers).
const ZDateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.").refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "Not a real date.");

/** Phone numbers are stored E.164; common North American input is normalised. */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[^\d]/g, "");
  if (trimmed.startsWith("+")) return /^\d{8,15}$/.test(digits) ? `+${digits}` : null;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return null;
}

export const ZPhone = z.string().trim().transform((v, ctx) => {
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
  })
  .strict()
  .refine((c) => c.email || c.phone || c.externalId, { message: "Give at least one of email, phone or externalId.", path: ["email"] });
export type TCustomerInput = z.infer<typeof ZCustomerInput>;

/** The counter's one-line "add a customer": a name is enough. */
export const ZQuickCustomer = z
  .object({
    firstName: zText("First name").max(80).optional(),
    lastName: zText("Last name").max(80).optional(),
    email: z.string().trim().email("Enter a valid email address.").max(254).optional().or(z.literal("").transform(() => undefined)),
    phone: ZPhone.optional().or(z.literal("").transform(() => undefined)),
    emailConsent: z.boolean().optional(),
  })
  .strict()
  .refine((c) => c.firstName || c.lastName || c.email || c.phone, { message: "Give a name, an email or a phone number.", path: ["firstName"] });
export type TQuickCustomer = z.infer<typeof ZQuickCustomer>;
