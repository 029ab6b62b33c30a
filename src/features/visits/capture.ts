import "server-only";
import { pool, type Tx } from "@/lib/db";
import { AppError, sqlRefusalOf } from "@/lib/errors";
import { toLocalTime } from "@/lib/time";
import { hashBody } from "@/lib/idempotency";
import { storedVoucherForm, voucherCodeForms } from "@/features/campaigns/codes";
import { creditReferralRedemption } from "@/features/social/referrals";
import { log } from "@/lib/logger";
import { voucherRefusalError, voucherRefusalFromSql } from "./voucher-refusals";
import { VISIT_TIME_MAX_SKEW_MS, type TCaptureVisit } from "./schemas";

/**
 * How far before the server received a capture its voucher rules may be judged. An offline capture
 * keeps its own time for the visit, but the code's expiry and its promotion's days and hours are
 * judged at max(occurredAt, received − this): backdating gains at most 30 minutes, and a capture
 * queued on flaky Wi-Fi for a few minutes is judged as when it happened. (docs/api.md)
 */
export const REDEMPTION_CLOCK_GRACE_MS = 30 * 60_000;

export type TCaptureActor = { userId?: string | null; apiKeyId?: string | null; source: "counter" | "api" | "import" };
export type TCaptureMerchant = { id: string; timeZone: string };

export type TCapturedVisit = {
  id: string;
  customerId: string;
  occurredAt: string;
  localDate: string;
  localDayOfWeek: number;
  localHour: number;
  amountCents: number;
  customerCreated: boolean;
  voucher: { code: string; dealTitle: string } | null;
  /** Present when the request set the customer's consent: what it is now, and why when not as asked. */
  consent?: { email: boolean; reason?: "unsubscribed" };
};

type TRunner = Tx | "pool";

/**
 * The code as this merchant stores it: as typed, else in its printed personal-code form. One extra
 * indexed read, only when the two forms differ (a code typed without its dashes).
 */
async function storedVoucherCode(runner: TRunner, merchantId: string, typed: string): Promise<string> {
  const forms = voucherCodeForms(typed);
  if (forms.length === 1) return forms[0]!;
  const sql = `SELECT code FROM vouchers WHERE "merchantId" = $1::uuid AND code = ANY($2::text[])`;
  const rows =
    runner === "pool"
      ? (await pool().query<{ code: string }>(sql, [merchantId, forms])).rows
      : await runner.$queryRawUnsafe<{ code: string }[]>(sql, merchantId, forms);
  return storedVoucherForm(
    forms,
    rows.map((r) => r.code),
  );
}

/**
 * The AppError for a refusal capture_visit() raised (SQLSTATE RG001: the reason code as the
 * message, its facts as JSON in DETAIL); null for any other error. Voucher refusals are worded
 * by voucher-refusals.ts, like the counter's lookup.
 */
function refusalError(err: unknown, code: string | undefined, timeZone: string, at: Date): AppError | null {
  const refusal = sqlRefusalOf(err);
  if (!refusal) return null;
  switch (refusal.reason) {
    case "idempotency_mismatch":
      return new AppError("UNPROCESSABLE", "This Idempotency-Key was already used with a different request.");
    case "customer_not_found":
      return new AppError("NOT_FOUND", "That customer was not found.", { fieldErrors: { customerId: "Unknown customer." } });
    case "no_customer":
      return new AppError("BAD_REQUEST", "Say who the customer is: a customerId, a customer, or a voucher code.", { fieldErrors: { customerId: "Required." } });
  }
  const voucher = voucherRefusalFromSql(refusal.reason, refusal.detail, toLocalTime(at, timeZone));
  return voucher ? voucherRefusalError(code ?? "", voucher, timeZone) : null;
}

/** Distinct tag names as (name, normalized) pairs, as ensure_tags() takes them. */
const tagPairs = (names: string[] | undefined) =>
  [...new Map((names ?? []).map((n) => [n.trim().toLowerCase(), n.trim()])).entries()].filter(([k]) => k).map(([norm, name]) => ({ name, norm }));

export type TIdempotency = { key: string; scope: string; body: unknown };

/**
 * Records one visit — a redemption when it carries a voucher code — in one database round trip
 * (capture_visit() in the migrations): the customer (found, created or taken from the voucher),
 * the visit with its merchant-local date, weekday and hour, its tags, the voucher marked redeemed,
 * the customer's aggregates, an audit entry and, with an Idempotency-Key, the stored answer.
 * A voucher redeems once: its row is locked, so a concurrent second redemption waits and gets a 409.
 * With `tx` it runs inside the caller's transaction; with "pool" as its own transaction.
 */
export async function captureVisit(runner: TRunner, merchant: TCaptureMerchant, actor: TCaptureActor, input: TCaptureVisit): Promise<TCapturedVisit> {
  return (await runCapture(runner, merchant, actor, input)).body as TCapturedVisit;
}

/** The same, for a route: with an Idempotency-Key a retry replays the stored answer (status, body). */
export async function runCapture(
  runner: TRunner,
  merchant: TCaptureMerchant,
  actor: TCaptureActor,
  input: TCaptureVisit,
  idempotency?: TIdempotency,
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  const receivedAt = new Date();
  const occurredAt = input.occurredAt ?? receivedAt;
  // The API and the counter also refuse visits older than the window (ZVisitTime); internal
  // callers (tests, tools) may record history, but never the future.
  if (occurredAt.getTime() > receivedAt.getTime() + VISIT_TIME_MAX_SKEW_MS) {
    throw new AppError("UNPROCESSABLE", "That visit is in the future. Check the device clock.", { fieldErrors: { occurredAt: "In the future." } });
  }
  const judgeAt = new Date(Math.max(occurredAt.getTime(), receivedAt.getTime() - REDEMPTION_CLOCK_GRACE_MS));
  const judgeLocal = toLocalTime(judgeAt, merchant.timeZone);
  if (idempotency && idempotency.key.length > 200) throw new AppError("BAD_REQUEST", "Idempotency-Key is at most 200 characters.");
  const local = toLocalTime(occurredAt, merchant.timeZone);
  const c = input.customer as
    | (TCaptureVisit["customer"] & { externalId?: string; zip?: string; birthday?: string; anniversary?: string; tags?: string[] })
    | undefined;
  const customer = c
    ? {
        ...(c.externalId ? { externalId: c.externalId } : {}),
        ...(c.email ? { email: c.email } : {}),
        ...(c.phone ? { phone: c.phone } : {}),
        ...(c.firstName ? { firstName: c.firstName } : {}),
        ...(c.lastName ? { lastName: c.lastName } : {}),
        ...(c.zip ? { zip: c.zip } : {}),
        ...(c.birthday ? { birthday: c.birthday } : {}),
        ...(c.anniversary ? { anniversary: c.anniversary } : {}),
        ...(c.emailConsent === undefined ? {} : { emailConsent: c.emailConsent }),
        ...(c.tags?.length ? { tagNames: tagPairs(c.tags) } : {}),
      }
    : null;
  const voucherCode = input.voucherCode ? await storedVoucherCode(runner, merchant.id, input.voucherCode) : null;
  const params = JSON.stringify({
    merchantId: merchant.id,
    idempotencyKey: idempotency?.key ?? null,
    scope: idempotency?.scope ?? null,
    requestHash: idempotency ? hashBody(idempotency.body) : null,
    occurredAt: occurredAt.toISOString(),
    occurredAtIso: occurredAt.toISOString(),
    localDate: local.date,
    localDayOfWeek: local.dayOfWeek,
    localHour: local.hour,
    judgeAt: judgeAt.toISOString(),
    judgeDayOfWeek: judgeLocal.dayOfWeek,
    judgeHour: judgeLocal.hour,
    amountCents: input.amountCents,
    partySize: input.partySize ?? 1,
    rating: input.rating ?? null,
    note: input.note ?? null,
    source: actor.source,
    userId: actor.userId ?? null,
    apiKeyId: actor.apiKeyId ?? null,
    voucherCode,
    customerId: input.customerId ?? null,
    customer,
    tagNames: tagPairs(input.tags),
  });
  try {
    const r =
      runner === "pool"
        ? (await pool().query<{ r: { replayed: boolean; status: number; body: unknown } }>("SELECT capture_visit($1::jsonb) AS r", [params])).rows[0]!.r
        : (await runner.$queryRawUnsafe<{ r: { replayed: boolean; status: number; body: unknown } }[]>("SELECT capture_visit($1::jsonb) AS r", params))[0]!.r;
    // A referred friend's code: credit the referrer and send their reward, each once (a replay
    // finds nothing left to do). Only once the capture is committed (the pool); never fails it.
    if (voucherCode && runner === "pool" && r.status < 300) {
      await creditReferralRedemption(merchant.id, voucherCode).catch((err: unknown) => log.error("referral credit failed", { err, merchantId: merchant.id }));
    }
    return r;
  } catch (err) {
    const refused = refusalError(err, voucherCode ?? undefined, merchant.timeZone, judgeAt);
    if (refused) throw refused;
    const code = (err as { code?: string }).code;
    if (code === "23505" || code === "P2002" || /23505|unique constraint/i.test(String((err as Error).message))) {
      throw new AppError("CONFLICT", "Another customer already has that email, phone or external id.");
    }
    throw err;
  }
}
