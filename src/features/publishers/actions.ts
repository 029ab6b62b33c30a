"use server";

import { z } from "zod";
import { inviteMember } from "@/features/accounts/invitations";
import { getPublisherMerchantOrThrow } from "@/features/tenancy/queries";
import { publisherAction } from "@/features/tenancy/request-chain";
import { extendVoucherExpiry, saveDeal, voidVoucher } from "./deals";
import { onboardMerchant, suggestMerchantSlug } from "./onboard";
import { startViewAs } from "@/features/tenancy/view-as";
import { ZExtendVoucher, ZInviteOwner, ZOnboardMerchant, ZSaveDeal, ZStartViewAs, ZVoucherRef } from "./schemas";

// The publisher console's actions, each `(publisherSlug, input)`: the publisher from the slug and
// the user's admin membership (publisherAction), a merchant only through that publisher. (Re-sending
// and revoking an owner's invitation are in features/accounts/actions.ts, beside the owner's own.)

export const onboardMerchantAction = publisherAction({ schema: ZOnboardMerchant, name: "onboardMerchant" }, (input, ctx) => onboardMerchant(ctx, input));

export const suggestMerchantSlugAction = publisherAction({ schema: z.object({ name: z.string().max(120) }), name: "suggestMerchantSlug" }, async (input) => ({
  slug: await suggestMerchantSlug(input.name),
}));

export const inviteOwnerAction = publisherAction({ schema: ZInviteOwner, name: "inviteOwner" }, async (input, ctx) => {
  const merchant = await getPublisherMerchantOrThrow(ctx.publisher.id, input.merchantSlug);
  const inv = await inviteMember(merchant.id, { email: input.email, role: "owner" }, { userId: ctx.user.id, publisherId: ctx.publisher.id });
  return { id: inv.id };
});

export const saveDealAction = publisherAction({ schema: ZSaveDeal, name: "saveDeal" }, async (input, ctx) => {
  const merchant = await getPublisherMerchantOrThrow(ctx.publisher.id, input.merchantSlug);
  return saveDeal(merchant, input.dealId, input.deal, { userId: ctx.user.id, publisherId: ctx.publisher.id });
});

export const voidVoucherAction = publisherAction({ schema: ZVoucherRef, name: "voidVoucher" }, async (input, ctx) => {
  const merchant = await getPublisherMerchantOrThrow(ctx.publisher.id, input.merchantSlug);
  return voidVoucher(merchant.id, input.voucherId, { userId: ctx.user.id, publisherId: ctx.publisher.id });
});

export const extendVoucherAction = publisherAction({ schema: ZExtendVoucher, name: "extendVoucher" }, async (input, ctx) => {
  const merchant = await getPublisherMerchantOrThrow(ctx.publisher.id, input.merchantSlug);
  const r = await extendVoucherExpiry(merchant, input.voucherId, input.expiresOn, { userId: ctx.user.id, publisherId: ctx.publisher.id });
  return { expiresAt: r.expiresAt.toISOString() };
});

/** Opens a 30-minute read-only view of one of this publisher's merchants (audited); returns where it starts. */
export const startViewAsAction = publisherAction({ schema: ZStartViewAs, name: "startViewAs" }, async (input, ctx) => {
  const merchant = await getPublisherMerchantOrThrow(ctx.publisher.id, input.merchantSlug);
  const view = await startViewAs({ userId: ctx.user.id, publisherId: ctx.publisher.id }, merchant);
  return { path: view.path, expiresAt: view.expiresAt.toISOString() };
});
