import "server-only";
import { isUuid } from "@/lib/ids";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { WEBHOOK_TEST_EVENT } from "./events";
import { MAX_ENDPOINTS_PER_MERCHANT, type TWebhookEndpointInput, type TWebhookEndpointPatch } from "./schemas";
import { newWebhookSecret } from "./signing";
import { webhookUrlProblem } from "./url-guard";

// A merchant's webhook endpoints: add, change, turn off and on, rotate the secret, read the
// delivery log, resend. Every function takes the merchant first and finds rows only inside it.

/** How long a rotated-out secret still signs beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;

export type TActor = { userId?: string | null; apiKeyId?: string | null };

const ENDPOINT_VIEW = {
  id: true, url: true, description: true, events: true, disabledAt: true, disabledReason: true, failingSince: true,
  previousSecretExpiresAt: true, createdAt: true,
} as const;

function checkUrl(url: string) {
  const problem = webhookUrlProblem(url, env().WEBHOOK_ALLOW_PRIVATE_URLS);
  if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { url: problem }, errors: [{ path: "/url", message: problem }] });
}

const audit = (merchantId: string, actor: TActor, action: string, entityId: string, data: Record<string, unknown> = {}) =>
  recordAudit({ merchantId, actorUserId: actor.userId ?? null, actorApiKeyId: actor.apiKeyId ?? null, action, entityType: "WebhookEndpoint", entityId, data: data as object });

/** Adds an endpoint; the answer carries its secret, the only time it is shown. */
export async function createWebhookEndpoint(merchantId: string, input: TWebhookEndpointInput, actor: TActor) {
  checkUrl(input.url);
  const count = await db.webhookEndpoint.count({ where: { merchantId } });
  if (count >= MAX_ENDPOINTS_PER_MERCHANT) {
    throw new AppError("CONFLICT", `A business can have ${MAX_ENDPOINTS_PER_MERCHANT} webhook endpoints; remove one you no longer use first.`);
  }
  const secret = newWebhookSecret();
  const row = await db.webhookEndpoint.create({
    data: { merchantId, url: input.url, events: input.events, description: input.description, secret, createdById: actor.userId ?? null },
    select: ENDPOINT_VIEW,
  });
  await audit(merchantId, actor, "webhook_endpoint.created", row.id, { url: row.url, events: row.events });
  return { ...row, secret };
}

export async function listWebhookEndpoints(merchantId: string) {
  const endpoints = await db.webhookEndpoint.findMany({ where: { merchantId }, select: ENDPOINT_VIEW, orderBy: { createdAt: "asc" } });
  if (endpoints.length === 0) return [];
  // Per endpoint: deliveries in the last 24 hours by outcome, and what is still waiting.
  const stats = await db.$queryRaw<{ endpointId: string; succeeded: number; failed: number; pending: number }[]>`
    SELECT "endpointId",
           count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
           count(*) FILTER (WHERE status = 'failed' OR (status = 'pending' AND attempts > 0))::int AS failed,
           count(*) FILTER (WHERE status = 'pending')::int AS pending
      FROM webhook_deliveries
     WHERE "merchantId" = ${merchantId}::uuid AND "createdAt" > now() - interval '24 hours'
     GROUP BY "endpointId"`;
  const byId = new Map(stats.map((s) => [s.endpointId, s]));
  return endpoints.map((e) => ({ ...e, last24h: byId.get(e.id) ?? { succeeded: 0, failed: 0, pending: 0 } }));
}

export async function getWebhookEndpointOrThrow(merchantId: string, endpointId: string) {
  const row = await db.webhookEndpoint.findFirst({ where: { merchantId, id: endpointId }, select: ENDPOINT_VIEW });
  if (!row) throw notFound("That webhook endpoint");
  return row;
}

export async function updateWebhookEndpoint(merchantId: string, endpointId: string, patch: TWebhookEndpointPatch, actor: TActor) {
  if (patch.url !== undefined) checkUrl(patch.url);
  const data = {
    ...(patch.url !== undefined && { url: patch.url }),
    ...(patch.events !== undefined && { events: patch.events }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.enabled === false && { disabledAt: new Date(), disabledReason: "Turned off by a person." }),
    ...(patch.enabled === true && { disabledAt: null, disabledReason: null, failingSince: null }),
  };
  const { count } = await db.webhookEndpoint.updateMany({ where: { merchantId, id: endpointId }, data });
  if (count === 0) throw notFound("That webhook endpoint");
  await audit(merchantId, actor, "webhook_endpoint.updated", endpointId, patch as Record<string, unknown>);
  return getWebhookEndpointOrThrow(merchantId, endpointId);
}

export async function deleteWebhookEndpoint(merchantId: string, endpointId: string, actor: TActor) {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { merchantId, id: endpointId } });
  if (count === 0) throw notFound("That webhook endpoint");
  await audit(merchantId, actor, "webhook_endpoint.deleted", endpointId);
  return { deleted: true };
}

/** A new secret; the old one keeps signing beside it for a day so the receiver can switch. */
export async function rotateWebhookSecret(merchantId: string, endpointId: string, actor: TActor) {
  const secret = newWebhookSecret();
  const expires = new Date(Date.now() + PREVIOUS_SECRET_HOURS * 3600_000);
  const rows = await db.$executeRaw`
    UPDATE webhook_endpoints SET "previousSecret" = secret, "previousSecretExpiresAt" = ${expires}, secret = ${secret}, "updatedAt" = now()
     WHERE "merchantId" = ${merchantId}::uuid AND id = ${endpointId}::uuid`;
  if (rows === 0) throw notFound("That webhook endpoint");
  await audit(merchantId, actor, "webhook_endpoint.secret_rotated", endpointId);
  return { id: endpointId, secret, previousSecretExpiresAt: expires };
}

export const DELIVERY_PAGE = 50;

/** Where a page of the delivery log starts: after this delivery (the previous page's last). */
export type TDeliveryCursor = { at: Date; eventId: string };

/** "<ISO time>_<event id>", as nextCursor gives it; null for anything else. */
export function parseDeliveryCursor(raw: string): TDeliveryCursor | null {
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/i.exec(raw);
  const at = m ? new Date(m[1]!) : null;
  return at && !Number.isNaN(at.getTime()) && isUuid(m![2]!) ? { at, eventId: m![2]!.toLowerCase() } : null;
}

/**
 * The endpoint's deliveries, newest first, with the event each carried; 404 for an unknown endpoint.
 * Paged by (createdAt, eventId): the deliveries of one transaction (a bulk import's events) share
 * their createdAt, and a page boundary among them must not skip any. `before` (a time alone) is
 * kept for the API's first clients.
 */
export async function listWebhookDeliveries(merchantId: string, endpointId: string, opts: { before?: Date; cursor?: TDeliveryCursor } = {}) {
  const rows = await db.webhookDelivery.findMany({
    where: {
      merchantId,
      endpointId,
      ...(opts.cursor
        ? { OR: [{ createdAt: { lt: opts.cursor.at } }, { createdAt: opts.cursor.at, eventId: { lt: opts.cursor.eventId } }] }
        : opts.before && { createdAt: { lt: opts.before } }),
    },
    orderBy: [{ createdAt: "desc" }, { eventId: "desc" }],
    take: DELIVERY_PAGE + 1,
    select: {
      eventId: true, status: true, attempts: true, nextAttemptAt: true, lastAttemptAt: true, lastStatusCode: true, lastResponse: true,
      lastError: true, deliveredAt: true, createdAt: true, event: { select: { type: true, payload: true } },
    },
  });
  // Only an empty log can belong to an unknown endpoint: the page's list of several endpoints
  // pays for the existence check only where there is nothing to show.
  if (rows.length === 0) await getWebhookEndpointOrThrow(merchantId, endpointId);
  const page = rows.slice(0, DELIVERY_PAGE);
  const last = rows.length > DELIVERY_PAGE ? page.at(-1)! : null;
  return {
    deliveries: page,
    nextBefore: last ? last.createdAt : null,
    nextCursor: last ? `${last.createdAt.toISOString()}_${last.eventId}` : null,
  };
}

/** Delivers an event to the endpoint again, with the same webhook-id so the receiver can dedupe. */
export async function resendWebhookDelivery(merchantId: string, endpointId: string, eventId: string, actor: TActor) {
  const rows = await db.$executeRaw`
    UPDATE webhook_deliveries SET status = 'pending', "nextAttemptAt" = now(), "lockedUntil" = NULL
     WHERE "merchantId" = ${merchantId}::uuid AND "endpointId" = ${endpointId}::uuid AND "eventId" = ${eventId}::uuid`;
  if (rows === 0) throw notFound("That delivery");
  await db.$executeRaw`SELECT pg_notify('regulars_webhooks', ${merchantId})`;
  await audit(merchantId, actor, "webhook_delivery.resent", endpointId, { eventId });
  return { eventId, status: "pending" as const };
}

/** A "webhook.test" event for this one endpoint, so a person can check their receiver. */
export async function sendWebhookTestEvent(merchantId: string, endpointId: string) {
  const endpoint = await getWebhookEndpointOrThrow(merchantId, endpointId);
  if (endpoint.disabledAt) throw new AppError("CONFLICT", "Turn the endpoint back on before sending it a test event.");
  const [event] = await db.$queryRaw<{ id: string }[]>`
    WITH ev AS (
      INSERT INTO outbound_events ("merchantId", type, payload)
      VALUES (${merchantId}::uuid, ${WEBHOOK_TEST_EVENT},
              jsonb_build_object('type', ${WEBHOOK_TEST_EVENT}::text, 'timestamp', webhook_time(clock_timestamp()), 'data', jsonb_build_object('message', 'A test event from Regulars.')))
      RETURNING id)
    INSERT INTO webhook_deliveries ("merchantId", "endpointId", "eventId", "nextAttemptAt")
    SELECT ${merchantId}::uuid, ${endpointId}::uuid, ev.id, now() FROM ev
    RETURNING "eventId" AS id`;
  await db.$executeRaw`SELECT pg_notify('regulars_webhooks', ${merchantId})`;
  return { eventId: event!.id };
}
