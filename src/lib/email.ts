import "server-only";
import { Resend } from "resend";
import { db, type Tx } from "./db";
import { env } from "./env";
import { log } from "./logger";
import { withPlatform } from "./tenant";

// The mail layer. With RESEND_API_KEY set, mail goes through the Resend SDK (RESEND_BASE_URL lets
// tests point the real SDK at a local fake). Without it nothing leaves the machine: every message
// is stored and shown in the development mailbox (/m/[merchant]/mailbox, /dev/mailbox).
// Either way the message is recorded in email_messages with its real headers.

export type TOutgoingEmail = {
  to: string;
  subject: string;
  html: string;
  text: string;
  merchantId?: string | null;
  from?: string;
  headers?: Record<string, string>;
  campaignId?: string | null;
  voucherCode?: string | null;
  /** Passed to the provider so a retried send is delivered once. */
  idempotencyKey?: string;
};

export type TSentEmail = { id: string; transport: "resend" | "mailbox"; providerMessageId: string | null };

let resendClient: Resend | undefined;

function resend(): Resend | null {
  const e = env();
  if (!e.RESEND_API_KEY) return null;
  resendClient ??= new Resend(e.RESEND_API_KEY, e.RESEND_BASE_URL ? { baseUrl: e.RESEND_BASE_URL } : undefined);
  return resendClient;
}

export const isDevelopmentMailbox = () => !env().RESEND_API_KEY;

export async function sendEmail(message: TOutgoingEmail): Promise<TSentEmail> {
  const from = message.from ?? env().EMAIL_FROM;
  const headers = message.headers ?? {};
  const client = resend();
  let providerMessageId: string | null = null;

  if (client) {
    const { data, error } = await client.emails.send(
      { from, to: message.to, subject: message.subject, html: message.html, text: message.text, headers },
      message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : undefined,
    );
    if (error) {
      log.warn("email send failed", { to: message.to, error: error.message });
      throw new Error(`Email provider refused the message: ${error.message}`);
    }
    providerMessageId = data?.id ?? null;
  }

  // A message of no merchant (sign-in links) is a platform row; a merchant's is written in the caller's tenant scope.
  const write = () =>
    db.emailMessage.create({
      data: {
        merchantId: message.merchantId ?? null,
        to: message.to.toLowerCase(),
        from,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers,
        transport: client ? "resend" : "mailbox",
        providerMessageId,
        campaignId: message.campaignId ?? null,
        voucherCode: message.voucherCode ?? null,
      },
      select: { id: true },
    });
  const row = message.merchantId ? await write() : await withPlatform("email outside any merchant", write);
  log.info("email sent", { id: row.id, transport: client ? "resend" : "mailbox", subject: message.subject });
  return { id: row.id, transport: client ? "resend" : "mailbox", providerMessageId };
}

// ───────────────────────────── Batches (campaign delivery) ─────────────────────────────

export type TBatchEmail = TOutgoingEmail & { tags?: { name: string; value: string }[] };

/** Provider answers worth retrying: rate limited, or the provider (or the network) failing. */
export class RetryableEmailError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = "RetryableEmailError";
  }
}

export type TBatchOptions = {
  /** Sent as Idempotency-Key: a retried batch (after a crash or a timeout) is delivered once. */
  idempotencyKey: string;
  /** Attempts on 429/5xx/network errors before giving up (the caller's job is then retried). */
  attempts?: number;
  /** Waits for the caller's rate limiter before each request to the provider. */
  beforeRequest?: () => Promise<void>;
  /** Keep the HTML and text of provider-sent messages (the mailbox always keeps them). */
  keepBodies?: boolean;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends up to 100 emails in one provider request (Resend's batch endpoint) and records them in
 * email_messages through `tx`, so the caller can mark its recipients sent in the same transaction
 * that records the send. Without RESEND_API_KEY nothing leaves the machine: the rows are the
 * development mailbox. 429 and 5xx answers are retried with exponential backoff (honouring
 * Retry-After); the idempotency key makes a retry that the provider already accepted a replay.
 * Returns the provider's message ids in the order of `messages` (null in the mailbox).
 */
export async function sendEmailBatch(tx: Tx, messages: TBatchEmail[], opts: TBatchOptions): Promise<(string | null)[]> {
  if (messages.length === 0) return [];
  if (messages.length > 100) throw new Error("A batch holds at most 100 emails.");
  const defaultFrom = env().EMAIL_FROM;
  const client = resend();
  let ids: (string | null)[] = messages.map(() => null);

  if (client) {
    const payload = messages.map((m) => ({
      from: m.from ?? defaultFrom,
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers: m.headers ?? {},
      ...(m.tags?.length ? { tags: m.tags } : {}),
    }));
    const attempts = opts.attempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      try {
        await opts.beforeRequest?.();
        ids = await requestBatch(client, payload, opts.idempotencyKey);
        break;
      } catch (err) {
        if (!(err instanceof RetryableEmailError) || attempt >= attempts) throw err;
        const backoff = Math.min(30_000, 250 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
        log.warn("email batch retry", { key: opts.idempotencyKey, attempt, error: err.message });
        await sleep(Math.max(backoff, err.retryAfterMs ?? 0));
      }
    }
  }

  const keep = !client || opts.keepBodies === true;
  const transport = client ? "resend" : "mailbox";
  await tx.$executeRaw`
    INSERT INTO email_messages ("merchantId", "to", "from", subject, html, text, headers, transport, "providerMessageId", "campaignId", "voucherCode")
    SELECT * FROM unnest(
      ${messages.map((m) => m.merchantId ?? null)}::uuid[], ${messages.map((m) => m.to.toLowerCase())}::text[],
      ${messages.map((m) => m.from ?? defaultFrom)}::text[], ${messages.map((m) => m.subject)}::text[],
      ${messages.map((m) => (keep ? m.html : ""))}::text[], ${messages.map((m) => (keep ? m.text : ""))}::text[],
      ${messages.map((m) => JSON.stringify(m.headers ?? {}))}::jsonb[], ${messages.map(() => transport)}::text[],
      ${ids}::text[], ${messages.map((m) => m.campaignId ?? null)}::uuid[], ${messages.map((m) => m.voucherCode ?? null)}::text[])`;
  return ids;
}

async function requestBatch(client: Resend, payload: Parameters<Resend["batch"]["send"]>[0], idempotencyKey: string): Promise<string[]> {
  let result: Awaited<ReturnType<Resend["batch"]["send"]>>;
  try {
    result = await client.batch.send(payload, { idempotencyKey });
  } catch (err) {
    throw new RetryableEmailError(`Email provider unreachable: ${(err as Error).message}`, null);
  }
  const { data, error, headers } = result;
  if (error) {
    const status = (error as { statusCode?: number | null }).statusCode ?? null;
    const retryAfter = Number(headers?.["retry-after"]);
    const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null;
    if (status === null || status === 429 || status >= 500 || error.name === "concurrent_idempotent_requests") {
      throw new RetryableEmailError(`Email provider answered ${status ?? "nothing"}: ${error.message}`, retryAfterMs);
    }
    throw new Error(`Email provider refused the batch (${status}): ${error.message}`);
  }
  const ids = ((data as { data?: { id: string }[] } | null)?.data ?? []).map((d) => d.id);
  if (ids.length !== payload.length) throw new RetryableEmailError(`Email provider answered ${ids.length} ids for ${payload.length} emails.`, null);
  return ids;
}
