import "server-only";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { log } from "@/lib/logger";
import { withPlatform, withTenant } from "@/lib/tenant";
import { webhookHeaders } from "./signing";
import { guardedLookup, isPrivateAddress } from "./url-guard";

// The worker's side of webhooks. A delivery row is the job's state: due when pending and its
// nextAttemptAt has come. Any worker claims a batch (SKIP LOCKED) with a two-minute lease, posts,
// and writes the outcome; a worker that dies mid-post leaves the lease to lapse and another takes
// the row. So a receiver may see an event twice (it dedupes on webhook-id), never zero times.
// Failures back off exponentially (30 s doubling, at most 6 h apart) for 3 days, then the delivery
// fails; an endpoint that accepted nothing meanwhile is turned off and its owners told.

export const GIVE_UP_AFTER_HOURS = 72;
export const DISABLE_AFTER_FAILING_HOURS = 48;
const LEASE_SECONDS = 120;
const TIMEOUT_MS = 10_000;
const RESPONSE_KEEP_BYTES = 2048;

/** Seconds until the next attempt after `attempts` failed ones: 30 s doubling, capped at 6 h, ±10 %. */
export function backoffSeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(30 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
  return Math.round(base * (0.9 + 0.2 * random()));
}

export type TPostResult = { status: number; body: string };
export type TPost = (url: string, headers: Record<string, string>, body: string) => Promise<TPostResult>;

/** POST with a 10 s limit, no redirects followed, the first 2 KB of the answer kept, private addresses refused (unless allowed). */
export const postWebhookWith =
  (allowPrivate: boolean): TPost =>
  (url, headers, body) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      // An address literal never reaches the lookup: check it here.
      const literal = target.hostname.replace(/^\[|\]$/g, "");
      if (!allowPrivate && isIP(literal) && isPrivateAddress(literal)) {
        return reject(Object.assign(new Error(`${literal} is a private address`), { code: "EPRIVATEADDRESS" }));
      }
      const send = target.protocol === "https:" ? httpsRequest : httpRequest;
      const req = send(
        target,
        { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) }, lookup: guardedLookup(allowPrivate), timeout: TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on("data", (c: Buffer) => {
            if (kept < RESPONSE_KEEP_BYTES) chunks.push(c.subarray(0, RESPONSE_KEEP_BYTES - kept));
            kept += c.length;
            if (kept > 64 * 1024) res.destroy(); // enough: the status is what counts
          });
          const done = () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
          res.on("end", done);
          res.on("close", done);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
      req.on("error", reject);
      req.end(body);
    });

export const postWebhook: TPost = (url, headers, body) => postWebhookWith(env().WEBHOOK_ALLOW_PRIVATE_URLS)(url, headers, body);

type TClaimed = {
  merchantId: string;
  endpointId: string;
  eventId: string;
  attempts: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  disabledAt: Date | null;
  payload: unknown;
  eventCreatedAt: Date;
};

export type TDeliverOptions = { now?: Date; limit?: number; post?: TPost };

/** Claims and attempts up to `limit` due deliveries. Safe to run in several workers at once. */
export async function deliverDueWebhooks(opts: TDeliverOptions = {}): Promise<{ attempted: number; succeeded: number; failed: number }> {
  const now = opts.now ?? new Date();
  const post = opts.post ?? postWebhook;
  // The claim spans merchants (a named platform path); each delivery's outcome is written in its merchant's scope.
  const claimed = await withPlatform(
    "worker: webhook deliveries due",
    () => db.$queryRaw<TClaimed[]>`
    UPDATE webhook_deliveries d
       SET "lockedUntil" = ${now}::timestamptz + make_interval(secs => ${LEASE_SECONDS}), attempts = d.attempts + 1, "lastAttemptAt" = ${now}
      FROM (SELECT "merchantId", "endpointId", "eventId" FROM webhook_deliveries
             WHERE status = 'pending' AND "nextAttemptAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
             ORDER BY "nextAttemptAt" LIMIT ${opts.limit ?? 50} FOR UPDATE SKIP LOCKED) due,
           webhook_endpoints e, outbound_events ev
     WHERE d."merchantId" = due."merchantId" AND d."endpointId" = due."endpointId" AND d."eventId" = due."eventId"
       AND e."merchantId" = d."merchantId" AND e.id = d."endpointId"
       AND ev."merchantId" = d."merchantId" AND ev.id = d."eventId"
    RETURNING d."merchantId", d."endpointId", d."eventId", d.attempts, e.url, e.secret, e."previousSecret", e."previousSecretExpiresAt",
              e."disabledAt", ev.payload, ev."createdAt" AS "eventCreatedAt"`,
  );
  let succeeded = 0;
  let failed = 0;
  for (const d of claimed) {
    const outcome = await withTenant(d.merchantId, () => attempt(d, now, post));
    if (outcome === "succeeded") succeeded++;
    else failed++;
  }
  return { attempted: claimed.length, succeeded, failed };
}

async function attempt(d: TClaimed, now: Date, post: TPost): Promise<"succeeded" | "failed"> {
  {
    if (d.disabledAt) {
      await finish(d, { status: "failed", error: "The endpoint was turned off before this was delivered; resend it once it is back on." });
      return "failed";
    }
    const body = JSON.stringify(d.payload);
    // The signature's time is the real clock's: receivers compare it with theirs.
    const previous = d.previousSecret && d.previousSecretExpiresAt && d.previousSecretExpiresAt > new Date() ? d.previousSecret : null;
    const headers = webhookHeaders({ id: d.eventId, timestamp: new Date(), body, secret: d.secret, previousSecret: previous });
    let outcome: TPostResult | Error;
    try {
      outcome = await post(d.url, headers, body);
    } catch (err) {
      outcome = err as Error;
    }
    if (!(outcome instanceof Error) && outcome.status >= 200 && outcome.status < 300) {
      await finish(d, { status: "succeeded", code: outcome.status, response: outcome.body }, now);
      return "succeeded";
    } else {
      const code = outcome instanceof Error ? null : outcome.status;
      const error = outcome instanceof Error ? reachError(outcome) : `The endpoint answered ${outcome.status}.`;
      const next = new Date(now.getTime() + backoffSeconds(d.attempts) * 1000);
      const giveUp = next.getTime() - d.eventCreatedAt.getTime() > GIVE_UP_AFTER_HOURS * 3600_000;
      await finish(
        d,
        { status: giveUp ? "failed" : "pending", code, response: outcome instanceof Error ? null : outcome.body, error, next: giveUp ? null : next },
        now,
      );
      return "failed";
    }
  }
}

function reachError(err: Error & { code?: string }): string {
  if (err.code === "EPRIVATEADDRESS") return `Refused: ${err.message}. Webhooks go to public addresses only.`;
  if (err.code === "ENOTFOUND") return "The endpoint's host name does not exist.";
  if (err.code === "ECONNREFUSED") return "The endpoint refused the connection.";
  return `Could not reach the endpoint: ${err.message}`;
}

type TOutcome = { status: "succeeded" | "pending" | "failed"; code?: number | null; response?: string | null; error?: string | null; next?: Date | null };

async function finish(d: TClaimed, o: TOutcome, now: Date = new Date()) {
  await db.$executeRaw`
    UPDATE webhook_deliveries
       SET status = ${o.status}::"WebhookDeliveryStatus", "lockedUntil" = NULL, "lastStatusCode" = ${o.code ?? null},
           "lastResponse" = ${o.response ?? null}, "lastError" = ${o.error ?? null}, "nextAttemptAt" = ${o.next ?? null},
           "deliveredAt" = CASE WHEN ${o.status} = 'succeeded' THEN ${now}::timestamptz ELSE "deliveredAt" END
     WHERE "merchantId" = ${d.merchantId}::uuid AND "endpointId" = ${d.endpointId}::uuid AND "eventId" = ${d.eventId}::uuid`;
  if (o.status === "succeeded") {
    await db.$executeRaw`UPDATE webhook_endpoints SET "failingSince" = NULL WHERE "merchantId" = ${d.merchantId}::uuid AND id = ${d.endpointId}::uuid AND "failingSince" IS NOT NULL`;
    return;
  }
  if (d.disabledAt) return;
  const [endpoint] = await db.$queryRaw<{ failingSince: Date }[]>`
    UPDATE webhook_endpoints SET "failingSince" = COALESCE("failingSince", ${now})
     WHERE "merchantId" = ${d.merchantId}::uuid AND id = ${d.endpointId}::uuid RETURNING "failingSince"`;
  // Turned off when an event has failed for good and nothing was accepted for two days or more: an
  // endpoint that answers now and then stays on (every success resets failingSince).
  if (o.status === "failed" && endpoint && now.getTime() - endpoint.failingSince.getTime() >= DISABLE_AFTER_FAILING_HOURS * 3600_000) {
    await disableFailingEndpoint(d, now, endpoint.failingSince);
  }
}

async function disableFailingEndpoint(d: TClaimed, now: Date, failingSince: Date) {
  const days = Math.round((now.getTime() - failingSince.getTime()) / (24 * 3600_000));
  const reason = `Nothing was accepted for ${days} days, and an event failed after ${GIVE_UP_AFTER_HOURS / 24} days of retries.`;
  const turnedOff = await db.$executeRaw`
    UPDATE webhook_endpoints SET "disabledAt" = ${now}, "disabledReason" = ${reason}
     WHERE "merchantId" = ${d.merchantId}::uuid AND id = ${d.endpointId}::uuid AND "disabledAt" IS NULL`;
  if (turnedOff === 0) return; // another worker did it (and told the owners)
  await recordAudit({
    merchantId: d.merchantId,
    action: "webhook_endpoint.disabled",
    entityType: "WebhookEndpoint",
    entityId: d.endpointId,
    data: { url: d.url, reason },
  });
  const merchant = await db.merchant.findFirst({ where: { id: d.merchantId }, select: { name: true, slug: true } });
  const owners = await db.membership.findMany({ where: { merchantId: d.merchantId, role: "owner" }, select: { user: { select: { email: true } } } });
  const link = `${env().APP_URL}/m/${merchant?.slug}/settings/webhooks`;
  for (const o of owners) {
    await sendEmail({
      merchantId: d.merchantId,
      to: o.user.email,
      subject: `Webhook endpoint turned off: ${d.url}`,
      text: `Regulars stopped sending events for ${merchant?.name} to ${d.url}: ${reason}\n\nFix the endpoint, then turn it back on and resend what it missed: ${link}`,
      html: `<p>Regulars stopped sending events for ${escapeHtml(merchant?.name ?? "")} to <code>${escapeHtml(d.url)}</code>: ${reason}</p><p>Fix the endpoint, then turn it back on and resend what it missed: <a href="${link}">${link}</a></p>`,
      idempotencyKey: `webhook-disabled:${d.endpointId}:${now.toISOString()}`,
    }).catch((err: Error) => log.warn("could not tell owners about a disabled webhook endpoint", { endpointId: d.endpointId, err: err.message }));
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** When the next pending delivery is due, so a worker can wake for it; null when none waits. */
export async function nextWebhookDueAt(): Promise<Date | null> {
  const [row] = await withPlatform(
    "worker: next webhook retry",
    () => db.$queryRaw<{ at: Date | null }[]>`SELECT min("nextAttemptAt") AS at FROM webhook_deliveries WHERE status = 'pending'`,
  );
  return row?.at ?? null;
}
