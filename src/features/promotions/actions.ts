"use server";

import { revalidatePath } from "next/cache";
import { merchantAction } from "@/features/tenancy/request-chain";
import { ZBrandingInput, ZPromotionId, ZPromotionInput, ZPromotionUpdate } from "./schemas";
import { renderPromotionPreview, sendPromotionTest } from "./preview";
import { createPromotion, setPromotionArchived, updateMerchantBranding, updatePromotion } from "./service";
import { z } from "zod";

export const createPromotionAction = merchantAction(
  { permission: "promotions.manage", schema: ZPromotionInput, name: "createPromotion" },
  async (input, ctx) => {
    const created = await createPromotion(ctx.merchant.id, input, { userId: ctx.user.id });
    revalidatePath(`/m/${ctx.merchant.slug}/promotions`);
    return created;
  },
);

export const updatePromotionAction = merchantAction(
  { permission: "promotions.manage", schema: ZPromotionUpdate, name: "updatePromotion" },
  async ({ id, ...input }, ctx) => {
    const updated = await updatePromotion(ctx.merchant.id, id, input, { userId: ctx.user.id });
    revalidatePath(`/m/${ctx.merchant.slug}/promotions`);
    return updated;
  },
);

export const archivePromotionAction = merchantAction(
  { permission: "promotions.manage", schema: ZPromotionId.extend({ archived: z.boolean() }), name: "archivePromotion" },
  async ({ id, archived }, ctx) => {
    const result = await setPromotionArchived(ctx.merchant.id, id, archived, { userId: ctx.user.id });
    revalidatePath(`/m/${ctx.merchant.slug}/promotions`);
    return result;
  },
);

/** The email rendered from the form as it is now (saved or not), for the live preview. */
export const previewPromotionAction = merchantAction(
  { permission: "promotions.manage", schema: ZPromotionInput, name: "previewPromotion" },
  async (input, ctx) => {
    const email = await renderPromotionPreview(ctx.merchant.id, input, "Alex");
    return { subject: email.subject, html: email.html };
  },
);

/** Sends the form's promotion to the signed-in user, marked as a test. */
export const sendPromotionTestAction = merchantAction({ permission: "promotions.manage", schema: ZPromotionInput, name: "sendPromotionTest" }, (input, ctx) =>
  sendPromotionTest(ctx.merchant.id, input, { email: ctx.user.email, name: ctx.user.name }),
);

export const updateBrandingAction = merchantAction({ permission: "settings.manage", schema: ZBrandingInput, name: "updateBranding" }, async (input, ctx) => {
  const result = await updateMerchantBranding(ctx.merchant.id, input, { userId: ctx.user.id });
  revalidatePath(`/m/${ctx.merchant.slug}/settings`);
  return result;
});
