import { z } from "zod";
import { zText } from "@/lib/text";
import { isValidTimeZone } from "@/lib/time";

export const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single dashes, e.g. harbor-bistro.")
  .min(2)
  .max(60);

const ZTimeZone = z.string().refine(isValidTimeZone, "Use an IANA time zone such as America/New_York.");
const ZCurrency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as USD.");
const ZCountry = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Use the two-letter country code, like US.");
const ZBrandColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #0f766e.");
const ZLogoUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === "" || /^https:\/\/\S+$/i.test(v), "Use an https:// address for the logo, or leave it blank.");

/** Postal address and branding: what a campaign needs before it can send (features/promotions/branding.ts). */
const ZMerchantProfileFields = () => ({
  addressLine1: zText("The address").max(200).default(""),
  addressLine2: zText("The second address line")
    .max(200)
    .nullish()
    .transform((v) => (v ? v : null)),
  city: zText("The city").max(100).default(""),
  region: zText("The region").max(100).default(""),
  postalCode: zText("The postal code").max(20).default(""),
  country: ZCountry.default("US"),
  brandColor: ZBrandColor.default("#0f766e"),
  logoUrl: ZLogoUrl.nullish().transform((v) => (v ? v : null)),
});

export const ZCreateMerchant = z.object({
  name: zText("The name").min(1, "Give the merchant a name.").max(120),
  slug: ZSlug,
  timeZone: ZTimeZone,
  currency: ZCurrency.default("USD"),
  category: zText("The category").min(1).max(60).default("restaurant"),
  publisherSlug: ZSlug.optional(),
  ...ZMerchantProfileFields(),
});
export type TCreateMerchant = z.input<typeof ZCreateMerchant>;

/**
 * A merchant's settings as partners, the CLI and the publisher console change them
 * (PATCH /api/v1/merchant, merchant:update): every field optional, only those given change.
 */
export const ZUpdateMerchant = z
  .object({
    name: zText("The name").min(1, "Give the merchant a name.").max(120),
    timeZone: ZTimeZone,
    currency: ZCurrency,
    category: zText("The category").min(1).max(60),
    addressLine1: zText("The address").max(200),
    addressLine2: zText("The second address line")
      .max(200)
      .nullable()
      .transform((v) => (v ? v : null)),
    city: zText("The city").max(100),
    region: zText("The region").max(100),
    postalCode: zText("The postal code").max(20),
    country: ZCountry,
    brandColor: ZBrandColor,
    logoUrl: ZLogoUrl.nullable().transform((v) => (v ? v : null)),
    promotionFrequencyCapDays: z.number().int("Enter a whole number of days.").min(0, "Use 0 for no limit.").max(365, "At most 365 days."),
  })
  .partial()
  .strict();
export type TUpdateMerchant = z.input<typeof ZUpdateMerchant>;

export const ZCreateUser = z
  .object({
    email: z.string().trim().toLowerCase().email("Enter a valid email address."),
    name: z.string().trim().max(120).default(""),
    password: z.string().min(10, "Passwords need at least 10 characters.").max(200).optional(),
    merchantSlug: ZSlug.optional(),
    role: z.enum(["owner", "manager", "staff"]).optional(),
    publisherSlug: ZSlug.optional(),
    platformAdmin: z.boolean().default(false),
  })
  .refine((u) => !u.role || u.merchantSlug, { message: "A role needs a merchant.", path: ["role"] });
export type TCreateUser = z.input<typeof ZCreateUser>;

export const ZCreateApiKey = z.object({ merchantSlug: ZSlug, name: z.string().trim().min(1, "Name the key after what uses it, e.g. “POS”.").max(80) });

export const ZNewApiKey = z.object({ name: z.string().trim().min(1, "Name the key after what uses it, e.g. “POS”.").max(80) });
export const ZRevokeApiKey = z.object({ apiKeyId: z.string().uuid() });

// ── The platform admin (/admin) ──────────────────────────────────────────────────────────────────
const ZId = (what: string) => z.string().uuid(`That ${what} was not found.`);

export const ZCreatePublisher = z.object({ name: zText("The name").min(1, "Give the publisher a name.").max(120), slug: ZSlug });
export const ZRenamePublisher = z.object({ publisherId: ZId("publisher"), name: zText("The name").min(1, "Give the publisher a name.").max(120) });
/** `publisherId` null: the merchant belongs to no publisher. */
export const ZAssignMerchant = z.object({ merchantId: ZId("merchant"), publisherId: ZId("publisher").nullable() });
export const ZSuspendMerchant = z.object({
  merchantId: ZId("merchant"),
  reason: zText("The reason").min(3, "Say why, in a few words: the merchant's team will read it.").max(200, "Keep the reason under 200 characters."),
});
export const ZUnsuspendMerchant = z.object({ merchantId: ZId("merchant") });
export const ZSetUserDisabled = z.object({ userId: ZId("user"), disabled: z.boolean() });
export const ZAdminSearch = z.object({ q: z.string().trim().max(120).default(""), page: z.coerce.number().int().min(1).max(10_000).default(1) });
