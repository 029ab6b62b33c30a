import "server-only";
import { Resend } from "resend";
import { db } from "./db";
import { env } from "./env";
import { log } from "./logger";

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

  const row = await db.emailMessage.create({
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
  log.info("email sent", { id: row.id, transport: client ? "resend" : "mailbox", subject: message.subject });
  return { id: row.id, transport: client ? "resend" : "mailbox", providerMessageId };
}
