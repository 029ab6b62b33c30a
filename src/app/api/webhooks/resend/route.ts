// POST /api/webhooks/resend — delivery events from Resend (Svix-signed; each event applied once)
import { handleResendWebhook } from "@/features/delivery/webhooks";
import { readBodyText } from "@/lib/api";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  // The signature covers the exact bytes, so read the body as text before any parsing.
  // A delivery event is a few KB; the cap keeps a forged flood from being read into memory.
  const raw = await readBodyText(request, 256 * 1024).catch((err: unknown) => err);
  if (raw instanceof AppError) return Response.json({ error: raw.message }, { status: raw.status });
  if (typeof raw !== "string") throw raw;
  const result = await handleResendWebhook(raw, request.headers);
  return Response.json(result.body, { status: result.status });
}
