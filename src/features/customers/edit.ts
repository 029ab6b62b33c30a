import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { dateOnly } from "@/lib/time";
import { recordAudit } from "@/lib/audit";
import { customerDisplayName } from "./display";
import type { TConsentChange, TCustomerEdit } from "./schemas";

export type TActor = { merchant: { id: string }; user: { id: string } };

/** Another customer already holds one of the identity keys the edit asks for. */
export type TEditConflict = { field: "email" | "phone" | "externalId"; customerId: string; name: string };
export type TEditResult = { status: "saved"; changed: string[] } | { status: "conflict"; conflicts: TEditConflict[] };

const FIELD_WORDS: Record<TEditConflict["field"], string> = { email: "this email", phone: "this phone number", externalId: "this external id" };
export const conflictMessage = (c: TEditConflict) => `${c.name} already has ${FIELD_WORDS[c.field]}.`;

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * Saves a manager's edit of a customer's details. Changing an identity key (email, phone,
 * external id) is allowed here — it is the explicit edit the identity rule leaves to people — but
 * never onto a value another customer holds: that answers which customer has it (a merge is the
 * way to combine them). The audit entry names the fields that changed, not their values, so an
 * erasure later leaves no personal data behind in the log.
 */
export async function editCustomer(actor: TActor, input: TCustomerEdit): Promise<TEditResult> {
  const merchantId = actor.merchant.id;
  return db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ id: string; erasedAt: Date | null }[]>`
      SELECT id, "erasedAt" FROM customers WHERE "merchantId" = ${merchantId}::uuid AND id = ${input.customerId}::uuid FOR UPDATE`;
    if (!current) throw notFound("That customer");
    if (current.erasedAt) throw new AppError("CONFLICT", "This customer's personal data was erased on request; their details cannot be filled in again.");
    const before = await tx.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId, id: input.customerId } } });

    const emailNormalized = input.email?.toLowerCase() ?? null;
    const keys = { email: emailNormalized, phone: input.phone, externalId: input.externalId } as const;
    const column = { email: "emailNormalized", phone: "phone", externalId: "externalId" } as const;
    const conflicts: TEditConflict[] = [];
    for (const field of ["email", "phone", "externalId"] as const) {
      const value = keys[field];
      if (!value) continue;
      const other = await tx.customer.findFirst({
        where: { merchantId, [column[field]]: value, id: { not: input.customerId } },
        select: { id: true, firstName: true, lastName: true, email: true, phone: true, erasedAt: true },
      });
      if (other) conflicts.push({ field, customerId: other.id, name: customerDisplayName(other) });
    }
    if (conflicts.length) return { status: "conflict", conflicts };

    const after = {
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      emailNormalized,
      phone: input.phone,
      zip: input.zip,
      birthday: input.birthday ? dateOnly(input.birthday) : null,
      anniversary: input.anniversary ? dateOnly(input.anniversary) : null,
      externalId: input.externalId,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => {
      if (k === "emailNormalized") return false;
      const was = before[k];
      const now = after[k];
      return was instanceof Date || now instanceof Date ? iso(was as Date | null) !== iso(now as Date | null) : (was ?? null) !== (now ?? null);
    });
    if (changed.length === 0) return { status: "saved", changed };
    await tx.customer.update({ where: { merchantId_id: { merchantId, id: input.customerId } }, data: after });
    await recordAudit(
      { merchantId, actorUserId: actor.user.id, action: "customer.edited", entityType: "Customer", entityId: input.customerId, data: { fields: changed } },
      tx,
    );
    return { status: "saved", changed };
  });
}

export type TConsentResult = { emailConsent: boolean; unsubscribed: boolean };

export const CUSTOMER_RESTORES_CONSENT =
  "This customer unsubscribed, so only they can subscribe again: from the “Manage preferences” link at the foot of any email we sent them.";

/**
 * Consent as staff may touch it (PRODUCT.md): they record the consent a customer gave them (never
 * after the customer unsubscribed or their address bounced or complained), and they withdraw it
 * for a customer who asks — which counts as the customer's unsubscribe, so only the customer's
 * preference page restores it. Who and why go into the audit log with the change.
 */
export async function changeConsent(actor: TActor, input: TConsentChange): Promise<TConsentResult> {
  const merchantId = actor.merchant.id;
  return db.$transaction(async (tx) => {
    const [c] = await tx.$queryRaw<
      { emailConsent: boolean; unsubscribedAt: Date | null; suppressedAt: Date | null; email: string | null; erasedAt: Date | null }[]
    >`
      SELECT "emailConsent", "unsubscribedAt", "suppressedAt", email, "erasedAt" FROM customers
       WHERE "merchantId" = ${merchantId}::uuid AND id = ${input.customerId}::uuid FOR UPDATE`;
    if (!c) throw notFound("That customer");
    const now = new Date();
    if (input.change === "withdraw") {
      if (c.unsubscribedAt) return { emailConsent: false, unsubscribed: true };
      await tx.customer.update({ where: { merchantId_id: { merchantId, id: input.customerId } }, data: { emailConsent: false, unsubscribedAt: now } });
      await recordAudit(
        {
          merchantId,
          actorUserId: actor.user.id,
          action: "customer.consent_withdrawn",
          entityType: "Customer",
          entityId: input.customerId,
          data: { reason: input.reason, before: { emailConsent: c.emailConsent } },
        },
        tx,
      );
      return { emailConsent: false, unsubscribed: true };
    }
    if (c.erasedAt) throw new AppError("CONFLICT", "This customer's personal data was erased on request.");
    if (c.unsubscribedAt) throw new AppError("CONFLICT", CUSTOMER_RESTORES_CONSENT, { fieldErrors: { reason: CUSTOMER_RESTORES_CONSENT } });
    if (c.suppressedAt)
      throw new AppError(
        "CONFLICT",
        "Email to this address bounced or was marked as spam, so we no longer send to it. Change the email address to record consent for a new one.",
      );
    if (!c.email)
      throw new AppError("BAD_REQUEST", "Add the customer's email address first: consent is for an address.", {
        fieldErrors: { reason: "Add the customer's email address first: consent is for an address." },
      });
    if (c.emailConsent) return { emailConsent: true, unsubscribed: false };
    // Checked again in the statement, so an unsubscribe committed a moment ago is never overwritten.
    await tx.customer.updateMany({
      where: { merchantId, id: input.customerId, unsubscribedAt: null },
      data: { emailConsent: true, emailConsentSource: "staff", emailConsentAt: now },
    });
    await recordAudit(
      {
        merchantId,
        actorUserId: actor.user.id,
        action: "customer.consent_recorded",
        entityType: "Customer",
        entityId: input.customerId,
        data: { reason: input.reason },
      },
      tx,
    );
    return { emailConsent: true, unsubscribed: false };
  });
}
