import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { TPromotionEmailInput } from "@/emails/promotion";
import type { Tx } from "@/lib/db";
import type { TPromotionWindow } from "@/features/promotions/validity";

// What a campaign sends, frozen into campaigns.content when it starts (startCampaignIfDue), in the
// same transaction as the recipients and their codes. Delivery renders from it, never from the
// live promotion or branding: an edit while the campaign sends would otherwise change a retried
// batch, which the provider refuses under the batch's reused idempotency key. Redemption judges a
// campaign code by the days and hours frozen here, the ones its email announced.

// The email's own input shapes, plus what redemption and scheduling need beside them.
export type TCampaignContent = {
  promotion: TPromotionEmailInput["promotion"] & {
    validDaysOfWeek: number[];
    validHourFrom: number | null;
    validHourTo: number | null;
    expiresInDays: number | null;
    oncePerCustomer: boolean;
  };
  merchant: TPromotionEmailInput["merchant"] & { addressLine2: string | null; timeZone: string };
  /** A thank-you automation's "Bring a friend" block: the referral offer, frozen with the rest. */
  referral?: { offer: string } | null;
};

/** Reads the promotion and the merchant's branding as they are now, for freezing. */
export async function currentCampaignContent(tx: Tx, merchantId: string, promotionId: string): Promise<TCampaignContent> {
  const promotion = await tx.promotion.findUniqueOrThrow({
    where: { merchantId_id: { merchantId, id: promotionId } },
    select: {
      title: true,
      offer: true,
      terms: true,
      subject: true,
      preheader: true,
      body: true,
      validDaysOfWeek: true,
      validHourFrom: true,
      validHourTo: true,
      expiresInDays: true,
      oncePerCustomer: true,
    },
  });
  const merchant = await tx.merchant.findUniqueOrThrow({
    where: { id: merchantId },
    select: {
      name: true,
      logoUrl: true,
      brandColor: true,
      addressLine1: true,
      addressLine2: true,
      city: true,
      region: true,
      postalCode: true,
      country: true,
      timeZone: true,
    },
  });
  return { promotion, merchant };
}

export const contentJson = (c: TCampaignContent) => c as unknown as Prisma.InputJsonValue;

/** The frozen content, or null for a campaign not started yet (or started before freezing existed). */
export function campaignContentOf(json: unknown): TCampaignContent | null {
  const c = json as Partial<TCampaignContent> | null;
  return c && typeof c === "object" && c.promotion && c.merchant ? (c as TCampaignContent) : null;
}

/** The redemption window a campaign's code keeps: the frozen one, else the promotion's current one. */
export function campaignWindow(content: unknown, promotion: TPromotionWindow): TPromotionWindow {
  const frozen = campaignContentOf(content);
  if (!frozen) return promotion;
  const { validDaysOfWeek, validHourFrom, validHourTo } = frozen.promotion;
  return { validDaysOfWeek, validHourFrom, validHourTo };
}
