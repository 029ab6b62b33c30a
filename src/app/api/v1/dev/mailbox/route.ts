// GET /api/v1/dev/mailbox?to=<email> — the development mailbox for this key's merchant (only without RESEND_API_KEY)
import { apiRoute } from "@/features/tenancy/request-chain";
import { isDevelopmentMailbox } from "@/lib/email";
import { listMailbox } from "@/features/delivery/mailbox";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request, ctx) => {
  if (!isDevelopmentMailbox()) throw new AppError("NOT_FOUND", "The development mailbox is off because a real email provider is configured.");
  const to = new URL(request.url).searchParams.get("to") ?? undefined;
  const messages = await listMailbox(ctx.merchant.id, { to, limit: 100 });
  return Response.json({
    data: messages.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers: m.headers,
      sentAt: m.sentAt.toISOString(),
      campaignId: m.campaignId,
      voucherCode: m.voucherCode,
    })),
  });
});
