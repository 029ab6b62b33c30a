import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { recomputeCustomerAggregates } from "./aggregates";
import { customerDisplayName } from "./display";
import type { TActor } from "./edit";
import type { TEraseInput } from "./schemas";

// Erasure on request (GDPR art. 17, CCPA "delete"). The customer row stays as an anonymous
// tombstone (erasedAt set, every personal field cleared), so their visits keep counting in the
// merchant's totals, campaign results and filters without anyone being identifiable. With no
// address, unsubscribed and channel "none", a tombstone falls in a campaign's "no email" bucket
// and can never be sent anything; no door can fill its details in again (edit, consent and notes
// refuse it, and the identity rule matches nobody on blank keys).

const normalizeName = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

export type TEraseResult = { customerId: string; erasedAt: Date; alreadyErased: boolean };

export async function eraseCustomer(actor: TActor, input: TEraseInput): Promise<TEraseResult> {
  const merchantId = actor.merchant.id;
  return db.$transaction(async (tx) => {
    const [c] = await tx.$queryRaw<
      {
        id: string;
        firstName: string | null;
        lastName: string | null;
        email: string | null;
        emailNormalized: string | null;
        phone: string | null;
        erasedAt: Date | null;
      }[]
    >`
      SELECT id, "firstName", "lastName", email, "emailNormalized", phone, "erasedAt" FROM customers
       WHERE "merchantId" = ${merchantId}::uuid AND id = ${input.customerId}::uuid FOR UPDATE`;
    if (!c) throw notFound("That customer");
    if (c.erasedAt) return { customerId: c.id, erasedAt: c.erasedAt, alreadyErased: true };
    const shown = customerDisplayName(c);
    if (normalizeName(input.confirmName) !== normalizeName(shown)) {
      const message = `Type ${shown} exactly as shown to confirm.`;
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { confirmName: message } });
    }
    const now = new Date();
    const m = Prisma.sql`${merchantId}::uuid`;
    const id = Prisma.sql`${c.id}::uuid`;
    await tx.$executeRaw(Prisma.sql`
      UPDATE customers SET
        "externalId" = NULL, email = NULL, "emailNormalized" = NULL, phone = NULL, "firstName" = NULL, "lastName" = NULL, zip = NULL,
        birthday = NULL, anniversary = NULL, note = NULL, interests = '{}', "socialScore" = 0,
        "emailConsent" = false, "emailConsentSource" = NULL, "emailConsentAt" = NULL,
        "unsubscribedAt" = coalesce("unsubscribedAt", ${now}), "channelPreference" = 'none', "erasedAt" = ${now}, "updatedAt" = ${now}
       WHERE "merchantId" = ${m} AND id = ${id}`);
    const notes = await tx.$executeRaw(Prisma.sql`DELETE FROM customer_notes WHERE "merchantId" = ${m} AND "customerId" = ${id}`);
    // Their referral link stops working; what they wrote in answer to "How was it?" may name them.
    await tx.$executeRaw(Prisma.sql`DELETE FROM referral_links WHERE "merchantId" = ${m} AND "customerId" = ${id}`);
    await tx.$executeRaw(Prisma.sql`UPDATE feedback SET comment = NULL WHERE "merchantId" = ${m} AND "customerId" = ${id} AND comment IS NOT NULL`);
    await tx.$executeRaw(
      Prisma.sql`UPDATE customers SET reach = NULL, "reachSource" = NULL, "feedbackRating" = NULL, "feedbackAt" = NULL WHERE "merchantId" = ${m} AND id = ${id}`,
    );
    await tx.$executeRaw(Prisma.sql`DELETE FROM customer_tags WHERE "merchantId" = ${m} AND "customerId" = ${id}`);
    const groups = await tx.$executeRaw(Prisma.sql`DELETE FROM group_members WHERE "merchantId" = ${m} AND "customerId" = ${id}`);
    // Visits stay (anonymous); their free-text notes may name the person.
    const visitNotes = await tx.$executeRaw(Prisma.sql`UPDATE visits SET note = NULL WHERE "merchantId" = ${m} AND "customerId" = ${id} AND note IS NOT NULL`);
    await tx.$executeRaw(Prisma.sql`UPDATE vouchers SET "purchaserName" = NULL, "purchaserEmail" = NULL WHERE "merchantId" = ${m} AND "customerId" = ${id}`);
    await tx.$executeRaw(Prisma.sql`UPDATE campaign_recipients SET email = NULL, "firstName" = NULL WHERE "merchantId" = ${m} AND "customerId" = ${id}`);
    // The emails we sent them (the development mailbox and the record of each send) carry their name and address.
    const emails = c.emailNormalized
      ? await tx.$executeRaw(Prisma.sql`DELETE FROM email_messages WHERE "merchantId" = ${m} AND lower("to") = ${c.emailNormalized}`)
      : 0;
    // A bounce or complaint entry may quote the provider's text, which can hold the address.
    await tx.$executeRaw(Prisma.sql`
      UPDATE audit_logs SET data = data - 'detail'
       WHERE "merchantId" = ${m} AND "entityType" = 'Customer' AND "entityId" = ${c.id} AND action = 'customer.suppressed'`);
    await recomputeCustomerAggregates(tx, merchantId, [c.id]);
    await recordAudit(
      {
        merchantId,
        actorUserId: actor.user.id,
        action: "customer.erased",
        entityType: "Customer",
        entityId: c.id,
        data: { reason: input.reason, removed: { notes, groups, visitNotes, emails } },
      },
      tx,
    );
    return { customerId: c.id, erasedAt: now, alreadyErased: false };
  });
}
