import { z } from "zod";
import { zText } from "@/lib/text";
import { ZEmail } from "@/features/accounts/schemas";
import { ZCreateMerchant } from "@/features/tenancy/schemas";
import { ZInstant } from "@/features/visits/schemas";

/** A slug from a merchant's name: "Café Olé & Co." → "cafe-ole-co". Empty when nothing usable is left. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/g, "");
}

export const MERCHANT_CATEGORIES = [
  "restaurant",
  "cafe",
  "bar",
  "bakery",
  "wine store",
  "salon",
  "spa",
  "fitness",
  "retail",
  "services",
  "entertainment",
  "other",
] as const;

/** The onboarding form: the merchant (as merchant:create) and the owner to invite. */
export const ZOnboardMerchant = ZCreateMerchant.omit({ publisherSlug: true }).extend({
  ownerEmail: ZEmail,
});
export type TOnboardMerchant = z.input<typeof ZOnboardMerchant>;

export const ZMerchantRef = z.object({ merchantSlug: z.string().min(1).max(200) });
export const ZInviteOwner = ZMerchantRef.extend({ email: ZEmail });

const ZLocalDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-31.")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "Not a real date.");
const ZOptionalLocalDate = z
  .union([z.literal("").transform(() => null), ZLocalDate])
  .optional()
  .transform((v) => v ?? null);
const ZMoneyText = z
  .string()
  .trim()
  .regex(/^\d{1,7}(\.\d{1,2})?$/, "Use an amount like 25 or 25.00.")
  .transform((v) => Math.round(Number(v) * 100));

/** A deal as the console's form sends it: money as text, days in the merchant's zone. */
export const ZDealForm = z
  .object({
    title: zText("The title").min(1, "Give the deal a title.").max(200, "Keep the title under 200 characters."),
    price: ZMoneyText,
    value: ZMoneyText,
    startsOn: ZOptionalLocalDate,
    endsOn: ZOptionalLocalDate,
    voucherExpiresOn: ZOptionalLocalDate,
    quantity: z
      .union([
        z.literal("").transform(() => null),
        z.coerce.number({ error: "Enter a whole number." }).int("Enter a whole number.").min(1, "At least 1.").max(10_000_000, "At most 10,000,000."),
      ])
      .optional()
      .transform((v) => v ?? null),
  })
  .refine((d) => d.value >= d.price, { message: "The value should be at least the price.", path: ["value"] })
  .refine((d) => !d.startsOn || !d.endsOn || d.endsOn >= d.startsOn, { message: "The deal ends before it starts.", path: ["endsOn"] })
  .refine((d) => !d.voucherExpiresOn || !d.startsOn || d.voucherExpiresOn >= d.startsOn, {
    message: "Vouchers would expire before the deal starts.",
    path: ["voucherExpiresOn"],
  });
export type TDealForm = z.input<typeof ZDealForm>;

/** A deal as stored: money in integer cents, instants. */
export type TDealData = {
  title: string;
  priceCents: number;
  valueCents: number;
  startsAt: Date | null;
  endsAt: Date | null;
  voucherExpiresAt: Date | null;
  quantity: number | null;
};

/** The rules a whole deal keeps, whichever door changed it (the form's days, the API's instants, a PATCH of one field). */
export function dealRuleProblems(d: Pick<TDealData, "priceCents" | "valueCents" | "startsAt" | "endsAt" | "voucherExpiresAt">) {
  const problems: { field: "valueCents" | "endsAt" | "voucherExpiresAt"; message: string }[] = [];
  if (d.valueCents < d.priceCents) problems.push({ field: "valueCents", message: "The value should be at least the price." });
  if (d.startsAt && d.endsAt && d.endsAt < d.startsAt) problems.push({ field: "endsAt", message: "The deal ends before it starts." });
  if (d.startsAt && d.voucherExpiresAt && d.voucherExpiresAt < d.startsAt)
    problems.push({ field: "voucherExpiresAt", message: "Vouchers would expire before the deal starts." });
  return problems;
}

// REST API v1 (docs/api.md): the same deal as the form, in the API's units (integer cents in the
// merchant's currency, RFC 3339 instants). Money and quantity have the form's bounds.
const ZApiCents = (label: string) =>
  z
    .number({ error: `${label} is a whole number of cents.` })
    .int(`${label} is a whole number of cents.`)
    .min(0, `${label} can't be negative.`)
    .max(999_999_999, `${label} is at most 999999999 cents.`);
const ZDealInstant = ZInstant.refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() < 2100, "Use a time between the years 2000 and 2099.");
const apiDealFields = {
  title: zText("The title").min(1, "Give the deal a title.").max(200, "Keep the title under 200 characters."),
  priceCents: ZApiCents("The price"),
  valueCents: ZApiCents("The value"),
  startsAt: ZDealInstant.nullable().optional(),
  endsAt: ZDealInstant.nullable().optional(),
  voucherExpiresAt: ZDealInstant.nullable().optional(),
  quantity: z
    .number({ error: "The quantity is a whole number." })
    .int("The quantity is a whole number.")
    .min(1, "The quantity is at least 1.")
    .max(10_000_000, "The quantity is at most 10,000,000.")
    .nullable()
    .optional(),
};
const addRuleIssues = (d: Partial<TDealData>, ctx: z.RefinementCtx) => {
  if (d.priceCents === undefined || d.valueCents === undefined) return;
  const full = {
    priceCents: d.priceCents,
    valueCents: d.valueCents,
    startsAt: d.startsAt ?? null,
    endsAt: d.endsAt ?? null,
    voucherExpiresAt: d.voucherExpiresAt ?? null,
  };
  for (const p of dealRuleProblems(full)) ctx.addIssue({ code: "custom", path: [p.field], message: p.message });
};

/** POST /api/v1/deals. Absent times and quantity are none (no start, no end, no expiry, no limit). */
export const ZApiCreateDeal = z.object(apiDealFields).strict().superRefine(addRuleIssues);
/** PATCH /api/v1/deals/{id}: only the fields sent change; null clears a time or the quantity. The rules are checked on the result. */
export const ZApiPatchDeal = z
  .object({
    ...apiDealFields,
    title: apiDealFields.title.optional(),
    priceCents: apiDealFields.priceCents.optional(),
    valueCents: apiDealFields.valueCents.optional(),
  })
  .strict();
/** POST /api/v1/vouchers/{code}/extend. */
export const ZApiExtendVoucher = z
  .object({ expiresAt: ZDealInstant.describe("The new expiry (RFC 3339 with an offset): later than now and than the current expiry.") })
  .strict();

export const ZSaveDeal = ZMerchantRef.extend({ dealId: z.string().uuid().optional(), deal: ZDealForm });
export const ZVoucherRef = ZMerchantRef.extend({ voucherId: z.string().uuid() });
export const ZExtendVoucher = ZVoucherRef.extend({ expiresOn: ZLocalDate });

export const MERCHANT_SORTS = ["name", "customers", "dealCustomers", "conversion", "visits30d", "campaignsSent"] as const;
export const ZMerchantListQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  sort: z.enum(MERCHANT_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
});
export type TMerchantListQuery = z.infer<typeof ZMerchantListQuery>;

/** "View as this merchant": which of the publisher's merchants (features/tenancy/view-as.ts). */
export const ZStartViewAs = z.object({ merchantSlug: z.string().trim().min(1).max(200) });
