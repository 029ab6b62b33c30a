// POST /api/webhooks/resend — delivery events from Resend (Svix-signed; each event applied once)
import { handleResendWebhook } from "@/features/delivery/webhooks";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  // The signature covers the exact bytes, so read the body as text before any parsing.
  const raw = await request.text();
  const result = await handleResendWebhook(raw, request.headers);
  return Response.json(result.body, { status: result.status });
}
