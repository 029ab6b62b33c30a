import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { dateOnly } from "@/lib/time";
import { ensureTags } from "@/features/visits/tags";
import type { TCustomerInput, TQuickCustomer } from "./schemas";

type TSource = "counter" | "api" | "import" | "deal";

/**
 * Finds the merchant's customer by externalId, then email (case-insensitive), then phone (E.164),
 * and fills in what the input adds; creates one when none matches. Returns whether it was new.
 * Consent given here never overrides the customer's own unsubscribe (PRODUCT.md): only the
 * preference page clears unsubscribedAt. `consent` says what the customer's consent is after a
 * write that set it, with the reason when the input's `true` was not followed.
 * Runs inside the caller's transaction; the unique keys (merchantId, externalId|emailNormalized|phone)
 * make a concurrent duplicate fail rather than double.
 */
export async function upsertCustomer(tx: Tx, merchantId: string, input: TCustomerInput | TQuickCustomer, source: TSource) {
  const full = input as TCustomerInput;
  const email = input.email?.toLowerCase();
  const or = [
    ...(full.externalId ? [{ externalId: full.externalId }] : []),
    ...(email ? [{ emailNormalized: email }] : []),
    ...(input.phone ? [{ phone: input.phone }] : []),
  ];
  const existing = or.length
    ? await tx.customer.findFirst({ where: { merchantId, OR: or }, orderBy: { createdAt: "asc" }, select: { id: true, externalId: true, emailNormalized: true, phone: true } })
    : null;

  const now = new Date();
  // Consent given here is written separately, only while the row has no unsubscribe (see below).
  const grant = input.emailConsent === true;
  const consent = input.emailConsent === false ? { emailConsent: false } : {};
  const fields = {
    ...(full.externalId ? { externalId: full.externalId } : {}),
    ...(email ? { email: input.email, emailNormalized: email } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.firstName ? { firstName: input.firstName } : {}),
    ...(input.lastName ? { lastName: input.lastName } : {}),
    ...(full.zip ? { zip: full.zip } : {}),
    ...(full.birthday ? { birthday: dateOnly(full.birthday) } : {}),
    ...(full.anniversary ? { anniversary: dateOnly(full.anniversary) } : {}),
    ...consent,
  };

  let id: string;
  let created = false;
  let consentKept = false;
  try {
    // Matched, and the input only repeats identity the row already has (a POS sending its own
    // id on every visit): nothing to write.
    const onlyIdentity =
      !!existing &&
      Object.keys(fields).every((k) => ["externalId", "email", "emailNormalized", "phone"].includes(k)) &&
      (!full.externalId || existing.externalId === full.externalId) &&
      (!email || existing.emailNormalized === email) &&
      (!input.phone || existing.phone === input.phone);
    const granted = { emailConsent: true, emailConsentSource: source, emailConsentAt: now };
    if (existing) {
      id = existing.id;
      if (!onlyIdentity) await tx.customer.update({ where: { merchantId_id: { merchantId, id } }, data: fields });
    } else {
      id = (await tx.customer.create({ data: { merchantId, source, ...fields, ...(grant ? granted : {}) }, select: { id: true } })).id;
      created = true;
    }
    // Checked on the row itself, so an unsubscribe committed a moment ago is never overwritten.
    if (grant && existing) consentKept = (await tx.customer.updateMany({ where: { merchantId, id, unsubscribedAt: null }, data: granted })).count === 0;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "Another customer already has that email, phone or external id.");
    }
    throw err;
  }

  if (full.tags?.length) {
    const tagIds = await ensureTags(tx, merchantId, full.tags);
    await tx.customerTag.createMany({ data: tagIds.map((tagId) => ({ merchantId, customerId: id, tagId })), skipDuplicates: true });
    await tx.$executeRaw`UPDATE customers SET "tagIds" = ARRAY(SELECT DISTINCT unnest("tagIds" || ${tagIds}::uuid[])) WHERE "merchantId" = ${merchantId}::uuid AND id = ${id}::uuid`;
  }
  const consentAfter: TConsentAnswer | undefined =
    input.emailConsent === undefined ? undefined : consentKept ? { email: false, reason: "unsubscribed" } : { email: input.emailConsent };
  return { id, created, consent: consentAfter };
}

/** What the answer says about consent when the request set it (API.md: POST /api/v1/customers). */
export type TConsentAnswer = { email: boolean; reason?: "unsubscribed" };
