import "server-only";
import { renderPromotionEmail, type TPromotionEmailInput } from "@/emails/promotion";
import { env } from "@/lib/env";
import { sendEmail } from "@/lib/email";
import { listUnsubscribeHeaders } from "@/features/delivery/preferences";
import { getMerchantBranding, type TMerchantBranding } from "./queries";
import type { TPromotion } from "./schemas";
import { promotionValidityText } from "./validity";

// The promotion email as a customer would get it, before any campaign exists: for the live
// preview in the editor and for "Send a test to me". The code is a placeholder and the links
// point at a preference page that does not exist (no customer is involved).

export const TEST_VOUCHER_CODE = "TEST-CODE";

/** The template's input from a promotion (saved or still in the form) and the merchant's branding. */
export function promotionEmailInput(
  merchant: TMerchantBranding,
  promotion: Pick<TPromotion, "title" | "offer" | "terms" | "subject" | "preheader" | "body" | "validDaysOfWeek" | "expiresInDays"> & {
    validHours: { from: number; to: number } | null;
  },
  opts: { firstName: string | null; voucherCode: string | null; now?: Date; preferencesUrl: string; unsubscribeUrl: string },
): TPromotionEmailInput {
  const now = opts.now ?? new Date();
  const expiresAt = promotion.expiresInDays ? new Date(now.getTime() + promotion.expiresInDays * 86_400_000) : null;
  return {
    merchant: {
      name: merchant.name,
      logoUrl: merchant.logoUrl,
      brandColor: merchant.brandColor,
      addressLine1: merchant.addressLine1,
      addressLine2: merchant.addressLine2,
      city: merchant.city,
      region: merchant.region,
      postalCode: merchant.postalCode,
      country: merchant.country,
    },
    promotion: {
      title: promotion.title,
      offer: promotion.offer,
      terms: promotion.terms,
      subject: promotion.subject,
      preheader: promotion.preheader,
      body: promotion.body,
    },
    customer: { firstName: opts.firstName },
    voucherCode: opts.voucherCode,
    validity: promotionValidityText(
      { validDaysOfWeek: promotion.validDaysOfWeek, validHourFrom: promotion.validHours?.from ?? null, validHourTo: promotion.validHours?.to ?? null },
      { expiresAt, timeZone: merchant.timeZone },
    ),
    preferencesUrl: opts.preferencesUrl,
    unsubscribeUrl: opts.unsubscribeUrl,
  };
}

const sampleLinks = () => ({ preferencesUrl: `${env().APP_URL}/u/preview`, unsubscribeUrl: `${env().APP_URL}/u/preview/unsubscribe` });

export async function renderPromotionPreview(merchantId: string, promotion: TPromotion, firstName: string | null) {
  const merchant = await getMerchantBranding(merchantId);
  return renderPromotionEmail(promotionEmailInput(merchant, promotion, { firstName, voucherCode: TEST_VOUCHER_CODE, ...sampleLinks() }));
}

/** Sends the promotion to the signed-in user, marked as a test (subject prefix, header, TEST-CODE). */
export async function sendPromotionTest(merchantId: string, promotion: TPromotion, to: { email: string; name: string | null }) {
  const merchant = await getMerchantBranding(merchantId);
  const firstName = to.name?.trim().split(/\s+/)[0] ?? null;
  const links = sampleLinks();
  const email = await renderPromotionEmail(promotionEmailInput(merchant, promotion, { firstName, voucherCode: TEST_VOUCHER_CODE, ...links }));
  const sent = await sendEmail({
    to: to.email,
    merchantId,
    subject: `[Test] ${email.subject}`,
    html: email.html,
    text: email.text,
    headers: { ...listUnsubscribeHeaders(links), "X-Regulars-Test": "true" },
    voucherCode: TEST_VOUCHER_CODE,
  });
  return { id: sent.id, to: to.email, transport: sent.transport };
}
