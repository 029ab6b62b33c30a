// POST /api/stripe/webhook — subscription and invoice events from Stripe (signed; each applied once)
import { handleStripeWebhook } from "@/features/billing/stripe-sync";
import { readBodyText } from "@/lib/api";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  // The signature covers the exact bytes: read the raw body as text before any parsing.
  const raw = await readBodyText(request, 512 * 1024).catch((err: unknown) => err);
  if (raw instanceof AppError) return Response.json({ error: raw.message }, { status: raw.status });
  if (typeof raw !== "string") throw raw;
  const result = await handleStripeWebhook(raw, request.headers.get("stripe-signature"));
  return Response.json(result.body, { status: result.status });
}
