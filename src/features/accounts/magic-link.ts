import "server-only";
import { render } from "@react-email/render";
import { after } from "next/server";
import { MagicLinkEmail } from "@/emails/magic-link";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { log } from "@/lib/logger";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { takeMagicLinkToken } from "@/lib/sign-in-throttle";
import type { TThrottleResult } from "@/lib/throttle";
import { randomToken, sha256 } from "@/lib/tokens";

const LINK_TTL_MS = 15 * 60 * 1000;

/**
 * Asks for a sign-in link for `email`. The answer is the same, and as quick, whether or not the
 * address has an account: the throttle (per client address and per mailbox) runs first for every
 * address, and the account lookup and the email happen after the answer has gone (Next's `after`),
 * so neither the form, nor its limit, nor its response time tells which addresses have accounts.
 */
export async function requestMagicLink(email: string, callbackUrl: string | undefined, ip: string): Promise<TThrottleResult> {
  const allowed = await takeMagicLinkToken(email, ip);
  if (!allowed.ok) {
    log.warn("magic link request throttled", { ip, retryAfterSeconds: allowed.retryAfterSeconds });
    return allowed;
  }
  after(() => sendMagicLink(email, callbackUrl).catch((err: unknown) => log.error("magic link not sent", { err })));
  return { ok: true };
}

/** Emails a one-time sign-in link when the address belongs to a user; does nothing otherwise. */
export async function sendMagicLink(email: string, callbackUrl: string | undefined): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { name: true, disabledAt: true } });
  if (!user || user.disabledAt) {
    log.info(user ? "magic link requested for a disabled account" : "magic link requested for unknown address");
    return;
  }
  const appUrl = env().APP_URL;
  // The link carries where to land; only a path on this site may ride along in an email.
  const target = safeRedirectPath(callbackUrl, appUrl);
  const token = randomToken();
  await db.magicLinkToken.create({ data: { tokenHash: sha256(token), email, expiresAt: new Date(Date.now() + LINK_TTL_MS) } });
  const url = new URL("/sign-in/link", appUrl);
  url.searchParams.set("token", token);
  url.searchParams.set("callbackUrl", target);
  const element = MagicLinkEmail({ url: url.toString(), name: user.name });
  await sendEmail({
    to: email,
    subject: "Your Regulars sign-in link",
    html: await render(element),
    text: await render(element, { plainText: true }),
  });
}
