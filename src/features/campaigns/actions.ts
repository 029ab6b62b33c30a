"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { merchantAction } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";
import { fromLocalTime } from "@/lib/time";
import { audienceBreakdown, holdoutSize } from "./audience";
import { enqueueCampaignSend } from "./jobs";
import { ZAudienceQuery, ZCampaignForm, ZCampaignRef } from "./schemas";
import { cancelCampaign, createCampaign, duplicateCampaign } from "./service";

/** The live breakdown of a group for the new-campaign form. */
export const campaignAudienceAction = merchantAction(
  { permission: "campaigns.send", schema: ZAudienceQuery.extend({ holdoutPercent: z.number().int().min(0).max(50).default(10) }), name: "campaignAudience" },
  async (input, ctx) => {
    const group = await db.group.findUnique({
      where: { merchantId_id: { merchantId: ctx.merchant.id, id: input.groupId } },
      select: { id: true, kind: true, filter: true, archivedAt: true },
    });
    if (!group || group.archivedAt) throw new AppError("NOT_FOUND", "That group was not found.", { fieldErrors: { groupId: "Unknown group." } });
    // With the promotion chosen, its once-per-customer rule shows who already received it.
    const promotion = input.promotionId
      ? await db.promotion.findUnique({
          where: { merchantId_id: { merchantId: ctx.merchant.id, id: input.promotionId } },
          select: { id: true, oncePerCustomer: true },
        })
      : null;
    const b = await audienceBreakdown(
      ctx.merchant,
      group,
      promotion ? { send: { promotionId: promotion.id, oncePerCustomer: promotion.oncePerCustomer } } : {},
    );
    return { ...b, holdout: holdoutSize(b.eligible, input.holdoutPercent), frequencyCapDays: ctx.merchant.promotionFrequencyCapDays };
  },
);

/** Send now, or schedule at a merchant-local date and time; a draft (from Duplicate) is reused. */
export const scheduleCampaignAction = merchantAction({ permission: "campaigns.send", schema: ZCampaignForm, name: "scheduleCampaign" }, async (input, ctx) => {
  let sendAt: Date | undefined;
  if (input.when === "later") {
    const [h, m] = input.localTime!.split(":").map(Number) as [number, number];
    sendAt = fromLocalTime(input.localDate!, h, m, ctx.merchant.timeZone);
    if (sendAt.getTime() < Date.now() - 60_000)
      throw new AppError("BAD_REQUEST", "That time has passed. Pick a later time or send now.", { fieldErrors: { localTime: "In the past." } });
  }
  const campaign = await db.$transaction((tx) =>
    createCampaign(
      tx,
      ctx.merchant,
      { promotionId: input.promotionId, groupId: input.groupId, holdoutPercent: input.holdoutPercent, sendAt, name: input.name },
      { userId: ctx.user.id },
      { draftId: input.draftId },
    ),
  );
  await enqueueCampaignSend({ merchantId: ctx.merchant.id, campaignId: campaign.id }, campaign.sendAt);
  return { id: campaign.id };
});

export const duplicateCampaignAction = merchantAction({ permission: "campaigns.send", schema: ZCampaignRef, name: "duplicateCampaign" }, (input, ctx) =>
  duplicateCampaign(ctx.merchant.id, input.campaignId, { userId: ctx.user.id }),
);

export const cancelCampaignAction = merchantAction({ permission: "campaigns.send", schema: ZCampaignRef, name: "cancelCampaign" }, async (input, ctx) => {
  await cancelCampaign(ctx.merchant.id, input.campaignId, { userId: ctx.user.id });
  return { id: input.campaignId };
});
