import "server-only";
import { render } from "@react-email/render";
import { MagicLinkEmail } from "@/emails/magic-link";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { log } from "@/lib/logger";
import { randomToken, sha256 } from "@/lib/tokens";

const LINK_TTL_MS = 15 * 60 * 1000;

/**
 * Emails a one-time sign-in link when the address belongs to a user. The caller always answers
 * the same way, so the form never reveals which addresses have accounts.
 */
export async function sendMagicLink(email: string, callbackUrl = "/start"): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { name: true } });
  if (!user) {
    log.info("magic link requested for unknown address");
    return;
  }
  const token = randomToken();
  await db.magicLinkToken.create({ data: { tokenHash: sha256(token), email, expiresAt: new Date(Date.now() + LINK_TTL_MS) } });
  const url = `${env().APP_URL}/sign-in/link?token=${encodeURIComponent(token)}&callbackUrl=${encodeURIComponent(callbackUrl)}`;
  const element = MagicLinkEmail({ url, name: user.name });
  await sendEmail({
    to: email,
    subject: "Your Regulars sign-in link",
    html: await render(element),
    text: await render(element, { plainText: true }),
  });
}
