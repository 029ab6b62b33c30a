import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Standard Webhooks (https://www.standardwebhooks.com): webhook-id, webhook-timestamp (unix
// seconds) and webhook-signature, "v1,<base64 HMAC-SHA256 of id.timestamp.body>" with the
// endpoint's whsec_ secret. While a rotated secret is still honoured, both signatures are sent,
// space-separated, so a receiver holding either verifies.

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

export function webhookHeaders(input: { id: string; timestamp: Date; body: string; secret: string; previousSecret?: string | null }): Record<string, string> {
  const sign = (secret: string) => new Webhook(secret).sign(input.id, input.timestamp, input.body);
  const signatures = [sign(input.secret), ...(input.previousSecret ? [sign(input.previousSecret)] : [])];
  return {
    "content-type": "application/json",
    "user-agent": "Regulars-Webhooks/1",
    "webhook-id": input.id,
    "webhook-timestamp": String(Math.floor(input.timestamp.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
