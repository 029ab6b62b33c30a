import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { withPlatform, withTenant } from "@/lib/tenant";
import { db, type Tx } from "@/lib/db";
import { log } from "@/lib/logger";
import { toLocalTime } from "@/lib/time";
import { bucketSql, type TCampaignMerchant } from "@/features/campaigns/audience";
import { compileWhere } from "@/features/filters/compile";
import { generatePersonalCodes } from "@/features/campaigns/codes";
import { contentJson, currentCampaignContent } from "@/features/campaigns/content";
import { mintPersonalCodes, voucherExpiry } from "@/features/campaigns/service";
import { merchantAddressProblem } from "@/features/promotions/branding";
import { recordAudit } from "@/lib/audit";
import { ensureCampaignReferralLinks, referralInviteOf } from "@/features/social/referrals";
import { getBillingState, planLimitError, usedIn } from "@/features/plans/state";
import type { TBillingState } from "@/features/plans/plans";
import { occasionSql, resolveWelcomeFilter, type TOccasionContext } from "./occasions";
import { KIND_LABELS, settingsOf, type TAutomationKind, type TWelcomeSettings } from "./schemas";
import { dueWindow, isSendingOpen } from "./window";

// One evaluation of one automation at `now` (injected: the tests and the CLI move the clock):
//
// 1. Under the merchant's claims lock (the one campaign starts take, so a campaign starting now and
//    this automation see each other's claims: one frequency cap for both), the kind's query finds
//    the customers whose occasion is due in the catch-up window (window.ts), keeps those a campaign
//    could email now (consent, unsubscribe, bounces, the promotion's once-per-customer rule and the
//    frequency cap: campaigns' bucketSql) and whom this automation may reach again (once per
//    customer, or not within reentryDays), one occasion per customer per pass.
// 2. INSERT … ON CONFLICT DO NOTHING into automation_occasions: the primary key (merchant,
//    automation, customer, occasion key) is what makes each occasion fire once, whatever runs twice
//    — a retried job, a second worker, a catch-up pass after downtime.
// 3. The new occasions become a campaign of the automation's own (status sending, content frozen,
//    one personal code each, the holdout drawn per customer from md5(automation ‖ customer) so a
//    customer stays in or out of the holdout for good). The campaign worker delivers it exactly as
//    it delivers any campaign (features/campaigns/delivery.ts), and the sweep resumes it after a crash.
//
// Everything of steps 1–3 is one transaction: a crash leaves either all of it or none of it.

export type TAutomationRow = {
  id: string;
  merchantId: string;
  kind: TAutomationKind;
  promotionId: string;
  enabled: boolean;
  settings: unknown;
  holdoutPercent: number;
  sendHour: number;
  quietHourFrom: number;
  quietHourTo: number;
  oncePerCustomer: boolean;
  reentryDays: number;
  enabledAt: Date | null;
  groupId: string | null;
  lastRunAt: Date | null;
};

export type TEvaluation =
  | { automationId: string; outcome: "fired"; campaignId: string; sent: number; holdout: number }
  | { automationId: string; outcome: "nobody" | "closed" | "baseline" }
  | { automationId: string; outcome: "skipped"; reason: string };

/** Is c in this automation's holdout: a fixed draw per (automation, customer). */
export const heldOutSql = (automationId: string, percent: number) =>
  Prisma.sql`((('x' || substr(md5(${automationId}::text || c.id::text), 1, 8))::bit(32)::bigint)::float8 / 4294967296.0 < ${percent}::float8 / 100.0)`;

/** May this automation reach c again: never after a first occasion, or not within reentryDays of the last. */
export function reentrySql(a: Pick<TAutomationRow, "id" | "oncePerCustomer" | "reentryDays">, now: Date): Prisma.Sql {
  const recent = a.oncePerCustomer ? Prisma.sql`TRUE` : Prisma.sql`o."firedAt" > ${now}::timestamptz - make_interval(days => ${a.reentryDays}::int)`;
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM automation_occasions o WHERE o."merchantId" = c."merchantId" AND o."automationId" = ${a.id}::uuid AND o."customerId" = c.id AND ${recent})`;
}

export const AUTOMATION_SELECT = {
  id: true,
  merchantId: true,
  kind: true,
  promotionId: true,
  enabled: true,
  settings: true,
  holdoutPercent: true,
  sendHour: true,
  quietHourFrom: true,
  quietHourTo: true,
  oncePerCustomer: true,
  reentryDays: true,
  enabledAt: true,
  groupId: true,
  lastRunAt: true,
} as const;

type TMerchantRow = TCampaignMerchant & {
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: string;
};

/** The welcome automation's Smart Filter, resolved as of `now`. */
async function welcomeFilterOf(tx: Tx | typeof db, a: TAutomationRow, timeZone: string, now: Date) {
  if (a.kind !== "welcome_best") return undefined;
  const ref = (settingsOf("welcome_best", a.settings) as TWelcomeSettings).filter;
  const saved = ref.startsWith("saved:")
    ? await tx.smartFilter.findMany({ where: { merchantId: a.merchantId, id: ref.slice(6) }, select: { id: true, name: true, filter: true } })
    : [];
  return resolveWelcomeFilter(ref, toLocalTime(now, timeZone).date, saved)?.filter ?? null;
}

/** The static group an automation's campaigns name: archived, so it is never offered as an audience. */
export async function ensureAutomationGroup(tx: Tx, a: Pick<TAutomationRow, "id" | "merchantId" | "kind" | "groupId">): Promise<string> {
  if (a.groupId) return a.groupId;
  const group = await tx.group.create({
    data: { merchantId: a.merchantId, name: `Automation: ${KIND_LABELS[a.kind].name} (${a.id.slice(0, 8)})`, kind: "static", archivedAt: new Date() },
    select: { id: true },
  });
  await tx.automation.update({ where: { merchantId_id: { merchantId: a.merchantId, id: a.id } }, data: { groupId: group.id } });
  return group.id;
}

/** Brings automation_members in step with the filter: who matches now. */
async function syncMembers(tx: Tx, a: TAutomationRow, member: Prisma.Sql, now: Date) {
  await tx.$executeRaw`DELETE FROM automation_members am WHERE am."merchantId" = ${a.merchantId}::uuid AND am."automationId" = ${a.id}::uuid
    AND NOT EXISTS (SELECT 1 FROM customers c WHERE c."merchantId" = am."merchantId" AND c.id = am."customerId" AND ${member})`;
  await tx.$executeRaw`INSERT INTO automation_members ("merchantId", "automationId", "customerId", since)
    SELECT c."merchantId", ${a.id}::uuid, c.id, ${now} FROM customers c WHERE ${member} ON CONFLICT DO NOTHING`;
}

/** The lock campaign starts take (features/campaigns/service.ts): one writer of claims per merchant at a time. */
export const lockMerchantClaims = (tx: Tx, merchantId: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`campaign-claims:${merchantId}`}, 0))`;

/** The month's promotional emails left on a plan that caps them; null when nothing caps them. */
async function emailRoom(tx: Tx, merchantId: string, billing: TBillingState | undefined, now: Date): Promise<{ used: number; left: number } | null> {
  const limit = billing?.plan.limits.promotionalEmailsPerMonth ?? null;
  if (!billing || limit === null || billing.plan.emailOverage) return null;
  const used = await usedIn(tx, merchantId, "promotionalEmailsPerMonth", billing, now);
  return { used, left: limit - used };
}

/**
 * Evaluates one automation at `now` inside `tx`, whose caller holds the merchant's claims lock
 * (lockMerchantClaims). Returns what happened; a fired campaign still needs a worker to deliver it.
 */
export async function evaluateAutomation(tx: Tx, a: TAutomationRow, merchant: TMerchantRow, now: Date, billing?: TBillingState): Promise<TEvaluation> {
  // Re-read under the lock: paused, edited or already run by another worker meanwhile.
  const fresh = await tx.automation.findUnique({
    where: { merchantId_id: { merchantId: a.merchantId, id: a.id } },
    select: { ...AUTOMATION_SELECT, promotion: { select: { id: true, title: true, archivedAt: true, oncePerCustomer: true, expiresInDays: true } } },
  });
  if (!fresh?.enabled) return { automationId: a.id, outcome: "skipped", reason: "paused" };
  const { promotion, ...row } = fresh;
  a = row as TAutomationRow;
  if (promotion.archivedAt) return { automationId: a.id, outcome: "skipped", reason: "Its promotion was archived." };
  const addressProblem = merchantAddressProblem(merchant);
  if (addressProblem) return { automationId: a.id, outcome: "skipped", reason: addressProblem };

  const settings = settingsOf(a.kind, a.settings);
  const { from, to } = dueWindow(now, merchant.timeZone, { enabledAt: a.enabledAt });
  const ctx: TOccasionContext = { merchantId: a.merchantId, timeZone: merchant.timeZone, automationId: a.id, from, to, now };
  const welcome = await welcomeFilterOf(tx, a, merchant.timeZone, now);
  if (welcome === null) return { automationId: a.id, outcome: "skipped", reason: "Its Smart Filter no longer exists." };
  const occ = occasionSql(a.kind, ctx, settings, welcome);
  const memberOf = welcome ? compileWhere(welcome, { merchantId: a.merchantId, timeZone: merchant.timeZone, now }) : null;
  const touch = () => tx.automation.update({ where: { merchantId_id: { merchantId: a.merchantId, id: a.id } }, data: { lastRunAt: now } });

  // "Welcome to the best" compares with the previous evaluation: the first one after (re)enabling
  // only records who matches, so turning it on does not welcome everyone who already belongs.
  if (memberOf && (!a.lastRunAt || (a.enabledAt && a.lastRunAt < a.enabledAt))) {
    await tx.$executeRaw`DELETE FROM automation_members WHERE "merchantId" = ${a.merchantId}::uuid AND "automationId" = ${a.id}::uuid`;
    await syncMembers(tx, a, memberOf, now);
    await touch();
    return { automationId: a.id, outcome: "baseline" };
  }

  const bucket = bucketSql(merchant, now, { promotionId: promotion.id, oncePerCustomer: promotion.oncePerCustomer });
  // The campaign's id is drawn first and the campaign written only when someone's occasion fired:
  // most passes find nobody, and then cost this one statement.
  const campaignId = randomUUID();

  // The Free plan's monthly emails (paid plans run into metered overage instead): what is left,
  // read under the claims lock campaign starts take too, so the two never spend one remainder
  // twice. A pass that would not fit fires nothing (as a campaign start that would not fit): its
  // occasions stay unclaimed, and go out while still due once there is room.
  const room = await emailRoom(tx, a.merchantId, billing, now);
  const overAllowance = (used: number) =>
    ({ automationId: a.id, outcome: "skipped", reason: planLimitError({ id: a.merchantId }, "promotionalEmailsPerMonth", billing!, used).message }) as const;
  if (room && room.left <= 0) return overAllowance(room.used);
  if (room) await tx.$executeRaw`SAVEPOINT automation_fire`;

  // One occasion per customer per pass (the earliest due); the primary key drops any already fired.
  const [fired] = await tx.$queryRaw<{ sent: number; holdout: number }[]>(Prisma.sql`
    WITH ins AS (
      INSERT INTO automation_occasions ("merchantId", "automationId", "customerId", "occasionKey", "dueDate", "firedAt", "isHoldout", "campaignId")
      SELECT DISTINCT ON (c.id) c."merchantId", ${a.id}::uuid, c.id, ${occ.key}, ${occ.due}, ${now}, ${heldOutSql(a.id, a.holdoutPercent)}, ${campaignId}::uuid
        FROM ${occ.from}
       WHERE ${occ.where} AND (${bucket}) = 'eligible' AND ${reentrySql(a, now)}
       ORDER BY c.id, ${occ.due}
      ON CONFLICT DO NOTHING
      RETURNING "isHoldout"),
    touched AS (UPDATE automations SET "lastRunAt" = ${now} WHERE "merchantId" = ${a.merchantId}::uuid AND id = ${a.id}::uuid)
    SELECT count(*) FILTER (WHERE NOT "isHoldout")::int AS sent, count(*) FILTER (WHERE "isHoldout")::int AS holdout FROM ins`);
  const sent = fired?.sent ?? 0;
  const holdout = fired?.holdout ?? 0;
  if (room) {
    if (sent > room.left) {
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT automation_fire`;
      return overAllowance(room.used);
    }
    await tx.$executeRaw`RELEASE SAVEPOINT automation_fire`;
  }

  if (memberOf) await syncMembers(tx, a, memberOf, now);
  if (sent + holdout === 0) return { automationId: a.id, outcome: "nobody" };

  const groupId = await ensureAutomationGroup(tx, a);
  const expiresAt = voucherExpiry(now, promotion.expiresInDays, merchant.timeZone);
  const content = await currentCampaignContent(tx, a.merchantId, promotion.id);
  // A thank-you carries the customer's referral link while the merchant's referral program is on.
  if (a.kind === "thank_you") content.referral = await referralInviteOf(tx, a.merchantId);
  const deal = await tx.deal.create({
    data: { merchantId: a.merchantId, kind: "social_select", title: promotion.title, startsAt: now, endsAt: expiresAt, voucherExpiresAt: expiresAt },
    select: { id: true },
  });
  await tx.campaign.create({
    data: {
      merchantId: a.merchantId,
      id: campaignId,
      promotionId: promotion.id,
      groupId,
      dealId: deal.id,
      automationId: a.id,
      status: "sending",
      holdoutPercent: a.holdoutPercent,
      sendAt: now,
      startedAt: now,
      content: contentJson(content),
      audienceCount: sent,
      holdoutCount: holdout,
    },
  });

  // The campaign's recipients and personal codes, as a campaign start makes them (campaigns/audience.ts snapshotRecipients).
  const codes = generatePersonalCodes(sent + 20);
  await tx.$executeRaw(Prisma.sql`
    WITH o AS MATERIALIZED (
      SELECT o."customerId" AS id, o."isHoldout" AS held, c.email, c."firstName", uuidv7() AS vid,
             row_number() OVER (PARTITION BY o."isHoldout" ORDER BY o."customerId") AS k
        FROM automation_occasions o JOIN customers c ON c."merchantId" = o."merchantId" AND c.id = o."customerId"
       WHERE o."merchantId" = ${a.merchantId}::uuid AND o."campaignId" = ${campaignId}::uuid),
    d AS MATERIALIZED (SELECT o.*, u.code FROM o LEFT JOIN unnest(${codes}::text[]) WITH ORDINALITY AS u(code, k) ON NOT o.held AND u.k = o.k),
    v AS (
      INSERT INTO vouchers ("merchantId", id, "dealId", code, status, "customerId", "campaignId", "expiresAt", "purchasedAt")
      SELECT ${a.merchantId}::uuid, d.vid, ${deal.id}::uuid, d.code, 'active', d.id, ${campaignId}::uuid, ${expiresAt}, ${now}
        FROM d WHERE d.code IS NOT NULL ORDER BY d.id
      ON CONFLICT ("merchantId", code) DO NOTHING
      RETURNING id)
    INSERT INTO campaign_recipients ("merchantId", "campaignId", "customerId", email, "firstName", "isHoldout", status, "voucherId", "createdAt")
    SELECT ${a.merchantId}::uuid, ${campaignId}::uuid, d.id, d.email, d."firstName", d.held, CASE WHEN d.held THEN 'held_out' ELSE 'queued' END::"RecipientStatus", v.id, ${now}
      FROM d LEFT JOIN v ON v.id = d.vid ORDER BY d.id
    ON CONFLICT DO NOTHING`);
  await mintPersonalCodes(tx, a.merchantId, campaignId, deal.id, expiresAt, now);
  if (content.referral) await ensureCampaignReferralLinks(tx, a.merchantId, campaignId, sent);
  await recordAudit(
    { merchantId: a.merchantId, action: "automation.fired", entityType: "Automation", entityId: a.id, data: { campaignId, sent, holdout, from, to } },
    tx,
  );
  return { automationId: a.id, outcome: "fired", campaignId, sent, holdout };
}

const MERCHANT_SELECT = {
  id: true,
  suspendedAt: true,
  timeZone: true,
  promotionFrequencyCapDays: true,
  addressLine1: true,
  addressLine2: true,
  city: true,
  region: true,
  postalCode: true,
  country: true,
} as const;

/**
 * Evaluates every enabled automation of one merchant at `now`, each in its own transaction (one
 * failing does not stop the others). `ignoreSendTime` is for previews and the CLI's forced runs.
 * Returns the evaluations; the caller wakes a worker for each fired campaign.
 */
export function evaluateMerchant(merchantId: string, now: Date, opts: { ignoreSendTime?: boolean } = {}): Promise<TEvaluation[]> {
  // One merchant's work, whoever calls it (the evaluate job, the CLI, the bench): its tenant scope.
  return withTenant(merchantId, () => evaluateMerchantInScope(merchantId, now, opts));
}

async function evaluateMerchantInScope(merchantId: string, now: Date, opts: { ignoreSendTime?: boolean }): Promise<TEvaluation[]> {
  const merchant = await db.merchant.findUnique({ where: { id: merchantId }, select: MERCHANT_SELECT });
  if (!merchant) return [];
  const automations = (await db.automation.findMany({
    where: { merchantId, enabled: true },
    select: AUTOMATION_SELECT,
    orderBy: { createdAt: "asc" },
  })) as TAutomationRow[];
  const out: TEvaluation[] = [];
  // A suspended merchant sends nothing (lib/suspension.ts), nor does one whose payment is past due
  // (features/plans): every automation waits, none is changed, no occasion is claimed.
  if (merchant.suspendedAt) return automations.map((a) => ({ automationId: a.id, outcome: "skipped" as const, reason: "merchant suspended" }));
  const billing = await getBillingState(merchantId, now);
  if (billing.sendingPaused) return automations.map((a) => ({ automationId: a.id, outcome: "skipped" as const, reason: "payment past due" }));
  const open: TAutomationRow[] = [];
  for (const a of automations) {
    if (opts.ignoreSendTime || isSendingOpen(now, merchant.timeZone, a)) open.push(a);
    else out.push({ automationId: a.id, outcome: "closed" });
  }
  if (open.length === 0) return out;
  const run = (list: TAutomationRow[]) =>
    db.$transaction(
      async (tx) => {
        await lockMerchantClaims(tx, merchantId);
        const done: TEvaluation[] = [];
        for (const a of list) done.push(await evaluateAutomation(tx, a, merchant, now, billing));
        return done;
      },
      { timeout: 300_000, maxWait: 60_000 },
    );
  // All of the merchant's automations in one transaction under one lock (a scheduler pass visits
  // many merchants, most with nothing due). Should one fail, each is run again on its own, so one
  // broken automation does not hold the others back.
  try {
    return [...out, ...(await run(open))];
  } catch (err) {
    log.warn("automation pass failed; evaluating one by one", { merchantId, err: (err as Error).message });
  }
  for (const a of open) {
    try {
      out.push(...(await run([a])));
    } catch (err) {
      log.error("automation evaluation failed", { merchantId, automationId: a.id, err: (err as Error).message });
      out.push({ automationId: a.id, outcome: "skipped", reason: (err as Error).message });
    }
  }
  return out;
}

/** The merchants with at least one enabled automation: what one scheduler pass visits. */
export async function merchantsWithAutomations(): Promise<string[]> {
  // The scheduler's sweep across merchants: a named platform path.
  const rows = await withPlatform(
    "worker: automation scheduler tick",
    () => db.$queryRaw<{ merchantId: string }[]>`SELECT DISTINCT "merchantId" FROM automations WHERE enabled`,
  );
  return rows.map((r) => r.merchantId);
}
