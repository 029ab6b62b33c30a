import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { bucketSql } from "@/features/campaigns/audience";
import { recordAudit } from "@/lib/audit";
import { assertWithinLimit } from "@/features/plans/state";
import { AUTOMATION_SELECT, ensureAutomationGroup, heldOutSql, reentrySql, type TAutomationRow } from "./evaluate";
import { occasionSql, resolveWelcomeFilter } from "./occasions";
import { KIND_LABELS, SETTINGS_SCHEMAS, settingsOf, type TAutomationForm, type TWelcomeSettings } from "./schemas";
import { dueWindow } from "./window";
import { toLocalTime } from "@/lib/time";

type TActor = { userId?: string | null };

async function promotionOrThrow(merchantId: string, promotionId: string) {
  const p = await db.promotion.findUnique({ where: { merchantId_id: { merchantId, id: promotionId } }, select: { id: true, archivedAt: true } });
  // Another merchant's promotion is indistinguishable from one that does not exist.
  if (!p || p.archivedAt)
    throw new AppError("NOT_FOUND", "That promotion was not found.", { fieldErrors: { promotionId: "Pick one of your saved promotions." } });
}

async function welcomeFilterOrThrow(merchantId: string, timeZone: string, settings: TWelcomeSettings) {
  const saved = settings.filter.startsWith("saved:")
    ? await db.smartFilter.findMany({ where: { merchantId, id: settings.filter.slice(6) }, select: { id: true, name: true, filter: true } })
    : [];
  const resolved = resolveWelcomeFilter(settings.filter, toLocalTime(new Date(), timeZone).date, saved);
  if (!resolved) throw new AppError("NOT_FOUND", "That Smart Filter was not found.", { fieldErrors: { "settings.filter": "Pick one of your Smart Filters." } });
  return resolved;
}

/** Creates (paused) or updates an automation from the tune form. Its settings are its kind's. */
export async function saveAutomation(merchant: { id: string; timeZone: string }, input: TAutomationForm, actor: TActor) {
  await promotionOrThrow(merchant.id, input.promotionId);
  const settings = SETTINGS_SCHEMAS[input.kind].parse(input.settings);
  if (input.kind === "welcome_best") await welcomeFilterOrThrow(merchant.id, merchant.timeZone, settings as TWelcomeSettings);
  const data = {
    promotionId: input.promotionId,
    holdoutPercent: input.holdoutPercent,
    sendHour: input.sendHour,
    quietHourFrom: input.quietHourFrom,
    quietHourTo: input.quietHourTo,
    oncePerCustomer: input.oncePerCustomer,
    reentryDays: input.reentryDays,
    settings: settings as Prisma.InputJsonValue,
  };
  return db.$transaction(async (tx) => {
    let row: TAutomationRow;
    if (input.automationId) {
      const existing = await tx.automation.findUnique({
        where: { merchantId_id: { merchantId: merchant.id, id: input.automationId } },
        select: { kind: true },
      });
      if (!existing) throw new AppError("NOT_FOUND", "That automation was not found.");
      if (existing.kind !== input.kind)
        throw new AppError("BAD_REQUEST", "An automation cannot change its kind; create a new one.", { fieldErrors: { kind: "Cannot change." } });
      row = (await tx.automation.update({
        where: { merchantId_id: { merchantId: merchant.id, id: input.automationId } },
        data,
        select: AUTOMATION_SELECT,
      })) as TAutomationRow;
    } else {
      row = (await tx.automation.create({ data: { merchantId: merchant.id, kind: input.kind, ...data }, select: AUTOMATION_SELECT })) as TAutomationRow;
      await ensureAutomationGroup(tx, row);
    }
    await recordAudit(
      {
        merchantId: merchant.id,
        actorUserId: actor.userId,
        action: input.automationId ? "automation.updated" : "automation.created",
        entityType: "Automation",
        entityId: row.id,
        data: { kind: row.kind, ...data },
      },
      tx,
    );
    return row;
  });
}

/**
 * Turns an automation on or off. Turning on stamps enabledAt: occasions due before it are never
 * sent, so resuming after a pause does not send the paused weeks' backlog. Turning on counts
 * against the plan's automations (features/plans): checked under the limit's lock, so two clicks
 * at once cannot both take the last place.
 */
export async function setAutomationEnabled(
  merchant: { id: string; slug?: string },
  automationId: string,
  enabled: boolean,
  actor: TActor,
  now: Date = new Date(),
) {
  const merchantId = merchant.id;
  return db.$transaction(async (tx) => {
    const current = await tx.automation.findUnique({ where: { merchantId_id: { merchantId, id: automationId } }, select: { enabled: true } });
    if (!current) throw new AppError("NOT_FOUND", "That automation was not found.");
    if (current.enabled === enabled) return { id: automationId, enabled }; // already so: a repeated click changes nothing
    if (enabled) await assertWithinLimit(merchant, "automations", { tx, now });
    const updated = await tx.automation.updateMany({
      where: { merchantId, id: automationId, enabled: !enabled },
      data: enabled ? { enabled: true, enabledAt: now } : { enabled: false },
    });
    if (updated.count === 0) return { id: automationId, enabled }; // the other click won
    await recordAudit(
      { merchantId, actorUserId: actor.userId, action: enabled ? "automation.enabled" : "automation.paused", entityType: "Automation", entityId: automationId },
      tx,
    );
    return { id: automationId, enabled };
  });
}

export type TPreviewCounts = { gets: number; holdout: number; excluded: number };
export type TPreview = { today: TPreviewCounts; week: TPreviewCounts };

/**
 * "Who would get it today and this week" if it were on now: the occasions due today (and over the
 * next seven days) that a pass would find, split into who gets the email, who is held out, and who
 * is left out (no consent, unsubscribed, bounced, frequency cap, already reached). Later days are
 * judged by today's data (a customer who comes back meanwhile drops out then).
 */
export async function previewAutomation(
  merchant: { id: string; timeZone: string; promotionFrequencyCapDays: number },
  a: TAutomationRow,
  now: Date = new Date(),
): Promise<TPreview> {
  const promotion = await db.promotion.findUnique({
    where: { merchantId_id: { merchantId: merchant.id, id: a.promotionId } },
    select: { id: true, oncePerCustomer: true },
  });
  if (!promotion) throw new AppError("NOT_FOUND", "That promotion was not found.");
  const settings = settingsOf(a.kind, a.settings);
  const welcome = a.kind === "welcome_best" ? (await welcomeFilterOrThrow(merchant.id, merchant.timeZone, settings as TWelcomeSettings)).filter : undefined;
  // A welcome automation's first run only notes who already matches: it welcomes nobody that day.
  if (a.kind === "welcome_best" && !a.lastRunAt) return { today: { gets: 0, holdout: 0, excluded: 0 }, week: { gets: 0, holdout: 0, excluded: 0 } };
  const bucket = bucketSql(merchant, now, { promotionId: promotion.id, oncePerCustomer: promotion.oncePerCustomer });
  const count = async (lookaheadDays: number): Promise<TPreviewCounts> => {
    const { from, to } = dueWindow(now, merchant.timeZone, { enabledAt: now, lookaheadDays });
    const occ = occasionSql(a.kind, { merchantId: merchant.id, timeZone: merchant.timeZone, automationId: a.id, from, to, now }, settings, welcome);
    const [row] = await db.$queryRaw<TPreviewCounts[]>(Prisma.sql`
      SELECT count(*) FILTER (WHERE ok AND NOT held)::int AS gets, count(*) FILTER (WHERE ok AND held)::int AS holdout, count(*) FILTER (WHERE NOT ok)::int AS excluded
        FROM (SELECT DISTINCT ON (c.id) c.id, ${heldOutSql(a.id, a.holdoutPercent)} AS held,
                     ((${bucket}) = 'eligible' AND ${reentrySql(a, now)}
                      AND NOT EXISTS (SELECT 1 FROM automation_occasions o WHERE o."merchantId" = c."merchantId" AND o."automationId" = ${a.id}::uuid AND o."customerId" = c.id AND o."occasionKey" = ${occ.key})) AS ok
                FROM ${occ.from} WHERE ${occ.where} ORDER BY c.id, ${occ.due}) x`);
    return row ?? { gets: 0, holdout: 0, excluded: 0 };
  };
  return { today: await count(0), week: await count(6) };
}

export const kindName = (kind: keyof typeof KIND_LABELS) => KIND_LABELS[kind].name;
