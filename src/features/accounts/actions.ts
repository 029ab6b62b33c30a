"use server";

import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/password";
import { merchantAction, publisherAction } from "@/features/tenancy/request-chain";
import { getPublisherMerchantOrThrow } from "@/features/tenancy/queries";
import { AppError } from "@/lib/errors";
import { COUNTER_DEVICE_COOKIE } from "@/lib/auth";
import { tooManyAttemptsMessage } from "@/lib/sign-in-errors";
import { randomToken, sha256 } from "@/lib/tokens";
import { recordAudit } from "@/lib/audit";
import { assertWithinLimit } from "@/features/plans/state";
import { hasRole } from "@/lib/permissions";
import { clearFailures } from "@/lib/throttle";
import { pinMemberKey } from "@/lib/counter-pin";
import { requestMagicLink } from "./magic-link";
import {
  ZAcceptInvitation,
  ZChangeRole,
  ZInvitationId,
  ZPublisherInvitationRef,
  ZInviteMember,
  ZMemberRef,
  ZPairDevice,
  ZRequestMagicLink,
  ZRevokeDevice,
  ZSetStaffPin,
} from "./schemas";
import { acceptInvitationAsUser, acceptInvitationWithPassword, inviteMember, resendInvitation, revokeInvitation } from "./invitations";
import { changeMemberRole, removeMember } from "./team";
import { chain, defineAction, publicAction, withUser } from "@/lib/chain";
import { z } from "zod";

/** Public: email a sign-in link. Answers the same, as quickly, whether or not the address has an account. */
export const requestMagicLinkAction = publicAction({ name: "requestMagicLink", schema: ZRequestMagicLink }, async (input, { ip }) => {
  const sent = await requestMagicLink(input.email, input.callbackUrl, ip);
  if (!sent.ok) {
    const message = tooManyAttemptsMessage(sent.retryAfterSeconds);
    throw new AppError("RATE_LIMITED", message, { fieldErrors: { email: message } });
  }
  return { sent: true as const };
});

/** Pairs the browser it runs in as a shared counter tablet: staff then sign in on it with a PIN. */
export const pairCounterDeviceAction = merchantAction({ permission: "devices.pair", schema: ZPairDevice, name: "pairCounterDevice" }, async (input, ctx) => {
  const secret = randomToken();
  // One more paired tablet must fit the plan (checked and created in one transaction).
  const device = await db.$transaction(async (tx) => {
    await assertWithinLimit(ctx.merchant, "pairedTablets", { tx });
    return tx.counterDevice.create({
      data: { merchantId: ctx.merchant.id, name: input.name, tokenHash: sha256(secret), pairedById: ctx.user.id },
      select: { id: true, name: true },
    });
  });
  (await cookies()).set(COUNTER_DEVICE_COOKIE, secret, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production" && !env().APP_URL.startsWith("http://"),
    path: "/",
    maxAge: 365 * 24 * 60 * 60,
  });
  await recordAudit({
    merchantId: ctx.merchant.id,
    actorUserId: ctx.user.id,
    action: "device.paired",
    entityType: "CounterDevice",
    entityId: device.id,
    data: { name: device.name },
  });
  return device;
});

export const revokeCounterDeviceAction = merchantAction(
  { permission: "devices.pair", schema: ZRevokeDevice, name: "revokeCounterDevice" },
  async (input, ctx) => {
    const { count } = await db.counterDevice.updateMany({
      where: { merchantId: ctx.merchant.id, id: input.deviceId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "That tablet was not found.");
    await recordAudit({
      merchantId: ctx.merchant.id,
      actorUserId: ctx.user.id,
      action: "device.revoked",
      entityType: "CounterDevice",
      entityId: input.deviceId,
    });
    return { revoked: true };
  },
);

/** Sets a member's counter PIN: only someone of equal or higher rank may (a manager never sets the owner's). */
export const setStaffPinAction = merchantAction({ permission: "devices.pair", schema: ZSetStaffPin, name: "setStaffPin" }, async (input, ctx) => {
  const target = await db.membership.findUnique({
    where: { merchantId_userId: { merchantId: ctx.merchant.id, userId: input.userId } },
    select: { role: true },
  });
  if (!target) throw new AppError("NOT_FOUND", "That team member was not found.");
  if (!hasRole(ctx.role, target.role)) {
    throw new AppError(
      "FORBIDDEN",
      target.role === "owner" ? "Only an owner can set an owner's PIN." : "You can set PINs only for people of your rank or below.",
    );
  }
  // The role is part of the match, so a promotion between the check and the write changes nothing.
  const { count } = await db.membership.updateMany({
    where: { merchantId: ctx.merchant.id, userId: input.userId, role: target.role },
    data: { pinHash: await hashPassword(input.pin) },
  });
  if (count === 0) throw new AppError("CONFLICT", "That team member's role just changed. Reload and try again.");
  // A new PIN starts with a clean slate: the member's lockout, if any, ends.
  await clearFailures([pinMemberKey(ctx.merchant.id, input.userId)]);
  await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "membership.pin_set", entityType: "Membership", entityId: input.userId });
  return { updated: true };
});

// ── The team (owners only) ──────────────────────────────────────────────────────────────────────

export const inviteMemberAction = merchantAction({ permission: "staff.manage", schema: ZInviteMember, name: "inviteMember" }, async (input, ctx) => {
  const inv = await inviteMember(ctx.merchant.id, input, { userId: ctx.user.id });
  return { id: inv.id };
});

export const resendInvitationAction = merchantAction({ permission: "staff.manage", schema: ZInvitationId, name: "resendInvitation" }, async (input, ctx) => {
  const inv = await resendInvitation(ctx.merchant.id, input.invitationId, { userId: ctx.user.id });
  return { id: inv.id };
});

export const revokeInvitationAction = merchantAction({ permission: "staff.manage", schema: ZInvitationId, name: "revokeInvitation" }, (input, ctx) =>
  revokeInvitation(ctx.merchant.id, input.invitationId, { userId: ctx.user.id }),
);

export const changeMemberRoleAction = merchantAction({ permission: "staff.manage", schema: ZChangeRole, name: "changeMemberRole" }, (input, ctx) =>
  changeMemberRole(ctx.merchant.id, input.userId, input.role, { userId: ctx.user.id }),
);

export const removeMemberAction = merchantAction({ permission: "staff.manage", schema: ZMemberRef, name: "removeMember" }, (input, ctx) =>
  removeMember(ctx.merchant.id, input.userId, { userId: ctx.user.id }),
);

// ── A merchant's invitations, from its publisher's console ───────────────────────────────────────

export const resendInvitationAsPublisherAction = publisherAction(
  { schema: ZPublisherInvitationRef, name: "resendInvitationAsPublisher" },
  async (input, ctx) => {
    const merchant = await getPublisherMerchantOrThrow(ctx.publisher.id, input.merchantSlug);
    const inv = await resendInvitation(merchant.id, input.invitationId, { userId: ctx.user.id, publisherId: ctx.publisher.id });
    return { id: inv.id };
  },
);

export const revokeInvitationAsPublisherAction = publisherAction(
  { schema: ZPublisherInvitationRef, name: "revokeInvitationAsPublisher" },
  async (input, ctx) => {
    const merchant = await getPublisherMerchantOrThrow(ctx.publisher.id, input.merchantSlug);
    return revokeInvitation(merchant.id, input.invitationId, { userId: ctx.user.id, publisherId: ctx.publisher.id });
  },
);

// ── Accepting an invitation (public: the token is the credential) ───────────────────────────────

/** Sets the invitee's password and joins the merchant; the page then signs in with that password. */
export const acceptInvitationAction = publicAction({ name: "acceptInvitation", schema: ZAcceptInvitation }, (input) =>
  acceptInvitationWithPassword(input.token, input),
);

/** A signed-in user accepts an invitation sent to their own address. */
export const acceptInvitationAsMeAction = defineAction(
  chain<null>().use(withUser),
  { name: "acceptInvitationAsMe", schema: z.object({ token: z.string().min(20).max(200) }) },
  async (input, ctx) => {
    if (ctx.user.counterMerchantId)
      throw new AppError("FORBIDDEN", "This tablet is signed in for the counter only. Sign in with your password to accept an invitation.");
    return acceptInvitationAsUser(input.token, ctx.user);
  },
);
