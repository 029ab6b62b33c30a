import "server-only";
import { cache } from "react";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { env, linkSigningSecret } from "@/lib/env";
import { signPayload, verifySignedPayload } from "@/lib/tokens";
import { withTenant } from "@/lib/tenant";

// The customer's own links: the preference page (/u/[token]) and the one-click unsubscribe
// (RFC 8058). Signed, so they work without signing in; they name one customer of one merchant
// and nothing else, so a token can never reach another merchant's data.

export type TPreferenceToken = { m: string; c: string };

export function preferenceToken(merchantId: string, customerId: string): string {
  return signPayload({ m: merchantId, c: customerId } satisfies TPreferenceToken, linkSigningSecret());
}

/** The merchant and customer a token names, or null when it was tampered with. */
export function readPreferenceToken(token: string): { merchantId: string; customerId: string } | null {
  const p = verifySignedPayload<TPreferenceToken>(token, linkSigningSecret());
  return p && typeof p.m === "string" && typeof p.c === "string" ? { merchantId: p.m, customerId: p.c } : null;
}

export type TPreferenceLinks = { preferencesUrl: string; unsubscribeUrl: string };

export function preferenceLinks(merchantId: string, customerId: string): TPreferenceLinks {
  const token = encodeURIComponent(preferenceToken(merchantId, customerId));
  const base = env().APP_URL;
  return { preferencesUrl: `${base}/u/${token}`, unsubscribeUrl: `${base}/u/${token}/unsubscribe` };
}

/** A customer's referral page (features/social/referrals.ts), as emails link to it. */
export const referralUrl = (code: string) => `${env().APP_URL}/r/${code}`;

/** RFC 2369 + RFC 8058 headers: mail clients show an unsubscribe button that POSTs to the URL. */
export function listUnsubscribeHeaders(links: TPreferenceLinks): Record<string, string> {
  return { "List-Unsubscribe": `<${links.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

// ── The preference page (/u/[token]) and unsubscribe: reads and writes by token ──────────────
// A token is the only credential here; every write names the merchant and customer the token
// names, never anything from the request body, and is recorded in the audit log.

export const ZPreferenceUpdate = z.object({
  channelPreference: z.enum(["email", "sms", "none"], { error: "Pick how you want to hear from us." }),
  interests: z
    .array(z.string().trim().min(1).max(40, "Keep each interest under 40 characters."))
    .max(20, "Pick at most 20 interests.")
    .transform((list) => [...new Set(list.map((s) => s.toLowerCase()))]),
  birthday: ZOptionalDate("birthday"),
  anniversary: ZOptionalDate("anniversary"),
});
export type TPreferenceUpdate = z.input<typeof ZPreferenceUpdate>;

function ZOptionalDate(label: string) {
  return z
    .string()
    .trim()
    .refine(
      (v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
      `Enter your ${label} as a date, or leave it blank.`,
    )
    .refine((v) => v === "" || (v >= "1900-01-01" && Date.parse(`${v}T00:00:00Z`) <= Date.now()), `That ${label} is not in the past.`)
    .transform((v) => (v ? new Date(`${v}T00:00:00Z`) : null));
}

/** Interests a customer can tick on the page, besides any they already have. */
export const SUGGESTED_INTERESTS = ["specials", "events", "new menu", "family", "brunch", "wine", "live music"] as const;

/** The page's data for a token (once per request), or null when the token is bad or names no customer. */
export const getPreferencePage = cache(async (token: string) => {
  const ids = readPreferenceToken(token);
  if (!ids || !isUuid(ids.merchantId) || !isUuid(ids.customerId)) return null;
  // The signed token names the merchant: its scope is the tenant of this page.
  const customer = await withTenant(ids.merchantId, () =>
    db.customer.findUnique({
      where: { merchantId_id: { merchantId: ids.merchantId, id: ids.customerId } },
      select: {
        firstName: true,
        email: true,
        channelPreference: true,
        interests: true,
        birthday: true,
        anniversary: true,
        emailConsent: true,
        unsubscribedAt: true,
        suppressedAt: true,
        merchant: { select: { name: true, brandColor: true, logoUrl: true } },
      },
    }),
  );
  if (!customer) return null;
  const { merchant, ...rest } = customer;
  return { merchant, customer: rest, ...ids };
});

export type TPreferencePage = NonNullable<Awaited<ReturnType<typeof getPreferencePage>>>;

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

async function resolve(token: string) {
  const ids = readPreferenceToken(token);
  if (!ids || !isUuid(ids.merchantId) || !isUuid(ids.customerId)) throw new AppError("NOT_FOUND", "This link is not valid.");
  const exists = await withTenant(ids.merchantId, () => db.customer.count({ where: { merchantId: ids.merchantId, id: ids.customerId } }));
  if (!exists) throw new AppError("NOT_FOUND", "This link is not valid.");
  return ids;
}

const dateOnly = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export async function updatePreferencesByToken(token: string, input: z.output<typeof ZPreferenceUpdate>) {
  const { merchantId, customerId } = await resolve(token);
  return withTenant(merchantId, () =>
    db.$transaction(async (tx) => {
      const before = await tx.customer.findUniqueOrThrow({
        where: { merchantId_id: { merchantId, id: customerId } },
        select: { channelPreference: true, interests: true, birthday: true, anniversary: true },
      });
      await tx.customer.update({ where: { merchantId_id: { merchantId, id: customerId } }, data: input });
      await recordAudit(
        {
          merchantId,
          action: "customer.preferences_updated",
          entityType: "Customer",
          entityId: customerId,
          data: {
            via: "preference_page",
            before: { ...before, birthday: dateOnly(before.birthday), anniversary: dateOnly(before.anniversary) },
            after: { ...input, birthday: dateOnly(input.birthday), anniversary: dateOnly(input.anniversary) },
          },
        },
        tx,
      );
      return { ok: true as const };
    }),
  );
}

/**
 * Stops promotional email: unsubscribedAt (first time only) and emailConsent=false. Idempotent,
 * so a mail client's one-click POST and a later click on the page both succeed.
 */
export async function unsubscribeByToken(token: string, via: "one_click" | "preference_page") {
  const { merchantId, customerId } = await resolve(token);
  return withTenant(merchantId, () =>
    db.$transaction(async (tx) => {
      const now = new Date();
      const changed = await tx.customer.updateMany({
        where: { merchantId, id: customerId, unsubscribedAt: null },
        data: { unsubscribedAt: now, emailConsent: false },
      });
      if (changed.count === 0) await tx.customer.updateMany({ where: { merchantId, id: customerId }, data: { emailConsent: false } });
      if (changed.count > 0)
        await recordAudit({ merchantId, action: "customer.unsubscribed", entityType: "Customer", entityId: customerId, data: { via } }, tx);
      return { merchantId, customerId, alreadyUnsubscribed: changed.count === 0 };
    }),
  );
}

/** The customer asks for promotions again, on their own page: a fresh, recorded consent. */
export async function resubscribeByToken(token: string) {
  const { merchantId, customerId } = await resolve(token);
  return withTenant(merchantId, () =>
    db.$transaction(async (tx) => {
      await tx.customer.update({
        where: { merchantId_id: { merchantId, id: customerId } },
        data: { unsubscribedAt: null, emailConsent: true, emailConsentAt: new Date(), emailConsentSource: "preference_page" },
      });
      await recordAudit({ merchantId, action: "customer.resubscribed", entityType: "Customer", entityId: customerId, data: { via: "preference_page" } }, tx);
      return { ok: true as const };
    }),
  );
}
