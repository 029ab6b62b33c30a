"use server";

import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/password";
import { publicAction } from "@/lib/chain";
import { merchantAction } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";
import { COUNTER_DEVICE_COOKIE } from "@/lib/auth";
import { tooManyAttemptsMessage } from "@/lib/sign-in-errors";
import { randomToken, sha256 } from "@/lib/tokens";
import { recordAudit } from "@/lib/audit";
import { hasRole } from "@/lib/permissions";
import { clearFailures } from "@/lib/throttle";
import { pinMemberKey } from "@/lib/counter-pin";
import { requestMagicLink } from "./magic-link";
import { ZPairDevice, ZRequestMagicLink, ZRevokeDevice, ZSetStaffPin } from "./schemas";

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
export const pairCounterDeviceAction = merchantAction(
  { permission: "devices.pair", schema: ZPairDevice, name: "pairCounterDevice" },
  async (input, ctx) => {
    const secret = randomToken();
    const device = await db.counterDevice.create({
      data: { merchantId: ctx.merchant.id, name: input.name, tokenHash: sha256(secret), pairedById: ctx.user.id },
      select: { id: true, name: true },
    });
    (await cookies()).set(COUNTER_DEVICE_COOKIE, secret, {
      httpOnly: true,
      sameSite: "lax",
      secure: env().NODE_ENV === "production" && !env().APP_URL.startsWith("http://"),
      path: "/",
      maxAge: 365 * 24 * 60 * 60,
    });
    await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "device.paired", entityType: "CounterDevice", entityId: device.id, data: { name: device.name } });
    return device;
  },
);

export const revokeCounterDeviceAction = merchantAction(
  { permission: "devices.pair", schema: ZRevokeDevice, name: "revokeCounterDevice" },
  async (input, ctx) => {
    const { count } = await db.counterDevice.updateMany({
      where: { merchantId: ctx.merchant.id, id: input.deviceId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "That tablet was not found.");
    await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "device.revoked", entityType: "CounterDevice", entityId: input.deviceId });
    return { revoked: true };
  },
);

/** Sets a member's counter PIN: only someone of equal or higher rank may (a manager never sets the owner's). */
export const setStaffPinAction = merchantAction(
  { permission: "devices.pair", schema: ZSetStaffPin, name: "setStaffPin" },
  async (input, ctx) => {
    const target = await db.membership.findUnique({
      where: { merchantId_userId: { merchantId: ctx.merchant.id, userId: input.userId } },
      select: { role: true },
    });
    if (!target) throw new AppError("NOT_FOUND", "That team member was not found.");
    if (!hasRole(ctx.role, target.role)) {
      throw new AppError("FORBIDDEN", target.role === "owner" ? "Only an owner can set an owner's PIN." : "You can set PINs only for people of your rank or below.");
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
  },
);
