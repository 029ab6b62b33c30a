"use server";

import { revalidatePath } from "next/cache";
import { merchantAction } from "@/features/tenancy/request-chain";
import { saveReferralProgram } from "./referrals";
import { ZFeedbackSettings, ZReferralProgramInput } from "./schemas";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";

// The manager's actions for referrals and feedback (settings.manage; a counter session is refused).

export const saveReferralProgramAction = merchantAction(
  { permission: "settings.manage", schema: ZReferralProgramInput, name: "saveReferralProgram" },
  async (input, ctx) => {
    const saved = await saveReferralProgram(ctx.merchant.id, input, ctx.user.id);
    revalidatePath(`/m/${ctx.merchant.slug}/settings/referrals`);
    return { enabled: saved.enabled, offerPromotionId: saved.offerPromotionId, rewardPromotionId: saved.rewardPromotionId };
  },
);

export const saveFeedbackSettingsAction = merchantAction(
  { permission: "settings.manage", schema: ZFeedbackSettings, name: "saveFeedbackSettings" },
  async (input, ctx) => {
    await db.merchant.update({ where: { id: ctx.merchant.id }, data: input });
    await recordAudit({
      merchantId: ctx.merchant.id,
      actorUserId: ctx.user.id,
      action: "feedback.settings_saved",
      entityType: "Merchant",
      entityId: ctx.merchant.id,
      data: input,
    });
    revalidatePath(`/m/${ctx.merchant.slug}/settings/referrals`);
    return input;
  },
);
