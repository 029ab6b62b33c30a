import "server-only";
import { render } from "@react-email/render";
import { InvitationEmail } from "@/emails/invitation";
import type { MerchantRole } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/password";
import { randomToken, sha256 } from "@/lib/tokens";
import { assertWithinLimit } from "@/features/plans/state";
import { recordAudit } from "@/lib/audit";
import { withPlatform, withTenant } from "@/lib/tenant";

// Invitations to a merchant's team: the owner a publisher onboards and the members an owner
// invites. The emailed token is stored only as its sha256; accepting claims the row with one
// conditional UPDATE (unused, unrevoked, unexpired), so a link works exactly once even when it is
// clicked twice at the same moment. Re-sending issues a new token, so the older email stops working.

export const INVITATION_TTL_DAYS = 7;
const TTL_MS = INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000;

export type TInviteActor = { userId: string | null; publisherId?: string | null };

export type TInvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export function invitationStatus(i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): TInvitationStatus {
  if (i.acceptedAt) return "accepted";
  if (i.revokedAt) return "revoked";
  if (i.expiresAt <= now) return "expired";
  return "pending";
}

const inviteUrl = (token: string) => new URL(`/invite/${token}`, env().APP_URL).toString();

async function emailInvitation(
  invitation: { merchantId: string; email: string; role: MerchantRole; expiresAt: Date },
  token: string,
  inviterId: string | null,
) {
  const [merchant, inviter] = await Promise.all([
    db.merchant.findUniqueOrThrow({ where: { id: invitation.merchantId }, select: { name: true } }),
    inviterId ? db.user.findUnique({ where: { id: inviterId }, select: { name: true, email: true } }) : null,
  ]);
  const element = InvitationEmail({
    url: inviteUrl(token),
    merchantName: merchant.name,
    role: invitation.role,
    inviterName: inviter ? inviter.name || inviter.email : null,
    expiresOn: invitation.expiresAt.toISOString().slice(0, 10),
  });
  await sendEmail({
    to: invitation.email,
    // An account email, like a sign-in link: the invitee is not a member yet, so it is not filed
    // under the merchant (whose mailbox they cannot open) but in the development account mailbox.
    merchantId: null,
    subject: `You're invited to ${merchant.name} on Regulars`,
    html: await render(element),
    text: await render(element, { plainText: true }),
  });
}

/**
 * Invites `email` to the merchant with `role` and emails the link. A pending invitation to the same
 * address is replaced (its link stops working); a current member is refused.
 */
export async function inviteMember(merchantId: string, input: { email: string; role: MerchantRole }, actor: TInviteActor) {
  const email = input.email.trim().toLowerCase();
  const member = await db.membership.findFirst({ where: { merchantId, user: { email } }, select: { role: true } });
  if (member) throw new AppError("CONFLICT", `${email} is already on the team (${member.role}).`, { fieldErrors: { email: "Already on the team." } });
  const token = randomToken();
  const invitation = await db.$transaction(async (tx) => {
    // A seat is taken when the invitation is accepted (claim); refusing here already saves the
    // invitee a link that could not work.
    await assertWithinLimit({ id: merchantId }, "staffSeats", { tx });
    await tx.invitation.updateMany({ where: { merchantId, email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const created = await tx.invitation.create({
      data: {
        merchantId,
        email,
        role: input.role,
        tokenHash: sha256(token),
        invitedById: actor.userId,
        publisherId: actor.publisherId ?? null,
        expiresAt: new Date(Date.now() + TTL_MS),
      },
      select: { id: true, merchantId: true, email: true, role: true, expiresAt: true },
    });
    await recordAudit(
      {
        merchantId,
        publisherId: actor.publisherId,
        actorUserId: actor.userId,
        action: "invitation.created",
        entityType: "Invitation",
        entityId: created.id,
        data: { email, role: input.role },
      },
      tx,
    );
    return created;
  });
  await emailInvitation(invitation, token, actor.userId);
  return invitation;
}

/** Sends a pending (or expired) invitation again with a new link and a new expiry; the old link stops working. */
export async function resendInvitation(merchantId: string, id: string, actor: TInviteActor) {
  const token = randomToken();
  const rows = await db.invitation.updateManyAndReturn({
    where: { merchantId, id, acceptedAt: null, revokedAt: null },
    data: { tokenHash: sha256(token), expiresAt: new Date(Date.now() + TTL_MS), sentAt: new Date(), sendCount: { increment: 1 } },
    select: { id: true, merchantId: true, email: true, role: true, expiresAt: true },
  });
  const invitation = rows[0];
  if (!invitation) throw new AppError("NOT_FOUND", "That invitation was not found, or it was already accepted or revoked.");
  await recordAudit({
    merchantId,
    publisherId: actor.publisherId,
    actorUserId: actor.userId,
    action: "invitation.resent",
    entityType: "Invitation",
    entityId: id,
    data: { email: invitation.email },
  });
  await emailInvitation(invitation, token, actor.userId);
  return invitation;
}

export async function revokeInvitation(merchantId: string, id: string, actor: TInviteActor) {
  const { count } = await db.invitation.updateMany({ where: { merchantId, id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("NOT_FOUND", "That invitation was not found, or it was already accepted or revoked.");
  await recordAudit({
    merchantId,
    publisherId: actor.publisherId,
    actorUserId: actor.userId,
    action: "invitation.revoked",
    entityType: "Invitation",
    entityId: id,
  });
  return { revoked: true };
}

export async function listInvitations(merchantId: string, opts: { includeClosed?: boolean } = {}) {
  const rows = await db.invitation.findMany({
    where: { merchantId, ...(opts.includeClosed ? {} : { acceptedAt: null, revokedAt: null }) },
    select: { id: true, email: true, role: true, expiresAt: true, sentAt: true, sendCount: true, acceptedAt: true, revokedAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  const now = new Date();
  return rows.map((r) => ({ ...r, status: invitationStatus(r, now) }));
}
export type TInvitationRow = Awaited<ReturnType<typeof listInvitations>>[number];

/**
 * The invitation behind an emailed token, before anyone is signed in to its merchant: a named
 * platform path (row-level security; docs/operations.md) that finds one row by the hash of its secret.
 * The work on it then runs in that merchant's scope.
 */
function findInvitationByToken(token: string) {
  if (token.length < 20 || token.length > 200) return Promise.resolve(null);
  return withPlatform("invitation: lookup by token", () =>
    db.invitation.findUnique({
      where: { tokenHash: sha256(token) },
      select: {
        id: true,
        merchantId: true,
        email: true,
        role: true,
        expiresAt: true,
        acceptedAt: true,
        revokedAt: true,
        merchant: { select: { name: true, slug: true } },
      },
    }),
  );
}

/** What the invite landing page shows for a token: nothing that a stranger could not already see in the email. */
export async function getInvitationByToken(token: string) {
  const inv = await findInvitationByToken(token);
  if (!inv) return null;
  const user = await db.user.findUnique({ where: { email: inv.email }, select: { id: true, passwordHash: true } });
  return {
    email: inv.email,
    role: inv.role,
    merchant: inv.merchant,
    status: invitationStatus(inv),
    expiresAt: inv.expiresAt,
    accountExists: Boolean(user),
    hasPassword: Boolean(user?.passwordHash),
  };
}

const REFUSED: Record<Exclude<TInvitationStatus, "pending">, string> = {
  accepted: "This invitation was already used. Sign in instead.",
  revoked: "This invitation was withdrawn. Ask whoever invited you to send a new one.",
  expired: "This invitation has expired. Ask whoever invited you to send it again.",
};

/**
 * Claims the invitation (once) and grants the membership, in one transaction in the merchant's
 * scope (the token found the merchant first).
 */
async function claim(token: string, userId: string, emailMustBe?: string) {
  const found = await findInvitationByToken(token);
  if (!found) return null;
  const merchantId = found.merchantId;
  return withTenant(merchantId, () =>
    db.$transaction(async (tx) => {
      const claimed = await tx.invitation.updateManyAndReturn({
        where: {
          merchantId,
          tokenHash: sha256(token),
          acceptedAt: null,
          revokedAt: null,
          expiresAt: { gt: new Date() },
          ...(emailMustBe ? { email: emailMustBe } : {}),
        },
        data: { acceptedAt: new Date(), acceptedByUserId: userId },
        select: { id: true, merchantId: true, role: true, email: true, publisherId: true },
      });
      const inv = claimed[0];
      if (!inv) return null;
      const existing = await tx.membership.findUnique({ where: { merchantId_userId: { merchantId, userId } }, select: { role: true } });
      // The plan's seats, under the same per-merchant lock as every other new member (the invitation
      // stays unclaimed: the error rolls the transaction back).
      if (!existing) await assertWithinLimit({ id: merchantId, slug: found.merchant.slug }, "staffSeats", { tx });
      // An existing member keeps their role; the invitation never demotes anyone.
      await tx.membership.upsert({
        where: { merchantId_userId: { merchantId, userId } },
        create: { merchantId, userId, role: inv.role },
        update: {},
      });
      await recordAudit(
        {
          merchantId,
          publisherId: inv.publisherId,
          actorUserId: userId,
          action: "invitation.accepted",
          entityType: "Invitation",
          entityId: inv.id,
          data: { email: inv.email, role: inv.role },
        },
        tx,
      );
      return { merchantSlug: found.merchant.slug, email: inv.email };
    }),
  );
}

async function refusal(token: string): Promise<AppError> {
  const inv = await getInvitationByToken(token);
  if (!inv) return new AppError("NOT_FOUND", "This invitation link is not valid. Check that you copied all of it.");
  return new AppError("CONFLICT", inv.status === "pending" ? "This invitation is for another address." : REFUSED[inv.status]);
}

/**
 * The invitee sets a password: an address without an account gets one; an address whose account
 * has no password yet (email links only) gets this one — the link in their inbox proves the
 * address. An account that has a password must sign in instead.
 */
export async function acceptInvitationWithPassword(token: string, input: { name: string; password: string }) {
  const inv = await getInvitationByToken(token);
  if (!inv) throw await refusal(token);
  if (inv.status !== "pending") throw await refusal(token);
  if (inv.hasPassword) throw new AppError("CONFLICT", "You already have a Regulars account. Sign in to accept the invitation.");
  const passwordHash = await hashPassword(input.password);
  const user = await db.user.upsert({
    where: { email: inv.email },
    create: { email: inv.email, name: input.name, passwordHash, emailVerifiedAt: new Date() },
    update: { name: input.name || undefined, passwordHash, emailVerifiedAt: new Date() },
    select: { id: true },
  });
  const done = await claim(token, user.id);
  if (!done) throw await refusal(token);
  return done;
}

/** A signed-in user accepts an invitation addressed to their own email. */
export async function acceptInvitationAsUser(token: string, user: { id: string; email: string }) {
  const done = await claim(token, user.id, user.email.toLowerCase());
  if (!done) throw await refusal(token);
  return done;
}
