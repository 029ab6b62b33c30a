import { z } from "zod";
import { isValidTimeZone } from "@/lib/time";

export const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single dashes, e.g. harbor-bistro.")
  .min(2)
  .max(60);

export const ZCreateMerchant = z.object({
  name: z.string().trim().min(1, "Give the merchant a name.").max(120),
  slug: ZSlug,
  timeZone: z.string().refine(isValidTimeZone, "Use an IANA time zone such as America/New_York."),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as USD.").default("USD"),
  category: z.string().trim().min(1).max(60).default("restaurant"),
  publisherSlug: ZSlug.optional(),
  addressLine1: z.string().trim().max(200).default(""),
  city: z.string().trim().max(100).default(""),
  region: z.string().trim().max(100).default(""),
  postalCode: z.string().trim().max(20).default(""),
});
export type TCreateMerchant = z.input<typeof ZCreateMerchant>;

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
