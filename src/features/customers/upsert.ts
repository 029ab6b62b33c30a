import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { dateOnly } from "@/lib/time";
import { ensureTags } from "./tags";
import { refreshSocialScores } from "@/features/social/score";
import type { TCustomerInput, TQuickCustomer } from "./schemas";

type TSource = "counter" | "api" | "import" | "deal";

/**
 * Finds the merchant's customer by externalId, then email (case-insensitive), then phone (E.164),
 * and fills in what the input adds without replacing an identity key it has; creates one when
 * none matches. Returns whether it was new.
 * Consent given here never overrides the customer's own unsubscribe (PRODUCT.md): only the
 * preference page clears unsubscribedAt. `consent` says what the customer's consent is after a
 * write that set it, with the reason when the input's `true` was not followed.
 * Runs inside the caller's transaction; the unique keys (merchantId, externalId|emailNormalized|phone)
 * make a concurrent duplicate fail rather than double.
 */
export async function upsertCustomer(tx: Tx, merchantId: string, input: TCustomerInput | TQuickCustomer, source: TSource) {
  const full = input as TCustomerInput;
  const email = input.email?.toLowerCase();
  // The identity rule (docs/architecture.md, "Customer identity"; tests/integration/customer-identity.test.ts):
  // match by externalId, then email, then phone; keep the keys the customer has; fill a blank key
  // unless another customer holds that value.
  const keys = { externalId: full.externalId, emailNormalized: email, phone: input.phone };
  const select = { id: true, externalId: true, emailNormalized: true, phone: true } as const;
  let existing: { id: string; externalId: string | null; emailNormalized: string | null; phone: string | null } | null = null;
  for (const [key, value] of Object.entries(keys)) {
    if (!value || existing) continue;
    existing = await tx.customer.findFirst({ where: { merchantId, [key]: value }, select });
  }
  const heldByOther = async (key: keyof typeof keys) =>
    !!keys[key] &&
    !!(await tx.customer.findFirst({ where: { merchantId, [key]: keys[key], ...(existing ? { id: { not: existing.id } } : {}) }, select: { id: true } }));
  const fill = async (key: keyof typeof keys) => !!keys[key] && (!existing || existing[key] === null) && !(await heldByOther(key));

  const now = new Date();
  // Consent given here is written separately, only while the row has no unsubscribe (see below).
  const grant = input.emailConsent === true;
  const consent = input.emailConsent === false ? { emailConsent: false } : {};
  const fields = {
    ...((await fill("externalId")) ? { externalId: full.externalId } : {}),
    ...((await fill("emailNormalized")) ? { email: input.email, emailNormalized: email } : {}),
    ...((await fill("phone")) ? { phone: input.phone } : {}),
    ...(input.firstName ? { firstName: input.firstName } : {}),
    ...(input.lastName ? { lastName: input.lastName } : {}),
    ...(full.zip ? { zip: full.zip } : {}),
    ...(full.birthday ? { birthday: dateOnly(full.birthday) } : {}),
    ...(full.anniversary ? { anniversary: dateOnly(full.anniversary) } : {}),
    // Reach: the input's value wins, with its source (the API's, or the door's name).
    ...(full.reach !== undefined ? { reach: full.reach, reachSource: full.reachSource ?? source } : {}),
    ...consent,
  };

  let id: string;
  let created = false;
  let consentKept = false;
  try {
    // Matched, and the input adds nothing to the row (a POS sending its own id on every visit): nothing to write.
    const nothingToWrite = Object.keys(fields).length === 0;
    const granted = { emailConsent: true, emailConsentSource: source, emailConsentAt: now };
    if (existing) {
      id = existing.id;
      if (!nothingToWrite) await tx.customer.update({ where: { merchantId_id: { merchantId, id } }, data: fields });
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
  if (full.reach !== undefined) await refreshSocialScores(merchantId, [id], tx);
  const consentAfter: TConsentAnswer | undefined =
    input.emailConsent === undefined ? undefined : consentKept ? { email: false, reason: "unsubscribed" } : { email: input.emailConsent };
  return { id, created, consent: consentAfter };
}

/** What the answer says about consent when the request set it (API.md: POST /api/v1/customers). */
export type TConsentAnswer = { email: boolean; reason?: "unsubscribed" };
