// GET /m/[merchant]/promotions/[id]/preview — the saved promotion's email as HTML (for an iframe or a new tab)
import { renderPromotionPreview } from "@/features/promotions/preview";
import { getPromotionOrThrow } from "@/features/promotions/queries";
import { merchantRoute } from "@/features/tenancy/request-chain";

export const dynamic = "force-dynamic";

export const GET = merchantRoute<{ merchant: string; id: string }>("promotions.manage", async (_request, ctx, params) => {
  const p = await getPromotionOrThrow(ctx.merchant.id, params.id);
  const validHours = p.validHourFrom !== null && p.validHourTo !== null ? { from: p.validHourFrom, to: p.validHourTo } : null;
  const email = await renderPromotionPreview(ctx.merchant.id, { ...p, validHours }, "Alex");
  return new Response(email.html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "script-src 'none'",
      "x-frame-options": "SAMEORIGIN",
    },
  });
});
