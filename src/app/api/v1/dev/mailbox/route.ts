// GET /api/v1/dev/mailbox?to=<email> — the development mailbox for this key's merchant (only without RESEND_API_KEY)
import { apiHandler, problem } from "@/lib/api";
import { isDevelopmentMailbox } from "@/lib/email";
import { listMailbox } from "@/features/delivery/mailbox";

export const dynamic = "force-dynamic";

export const GET = apiHandler(async (request, ctx) => {
  if (!isDevelopmentMailbox()) return problem(404, "Not Found", "The development mailbox is off because a real email provider is configured.");
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
