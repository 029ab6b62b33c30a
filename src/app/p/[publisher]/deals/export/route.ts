// GET /p/{publisher}/deals/export[?merchant=<slug>][&deal=<id>] — the deal report as CSV (publisher members; audited)
import { z } from "zod";
import { getPublisherMerchantOrThrow } from "@/features/tenancy/queries";
import { publisherRoute } from "@/features/tenancy/request-chain";
import { dealReportCsv } from "@/features/publishers/export";
import { recordAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = publisherRoute<{ publisher: string }>(async (request, ctx) => {
  const url = new URL(request.url);
  const dealParam = url.searchParams.get("deal");
  if (dealParam !== null && !z.string().uuid().safeParse(dealParam).success) throw new AppError("NOT_FOUND", "That deal was not found.");
  const merchantSlug = url.searchParams.get("merchant");
  const merchant = merchantSlug ? await getPublisherMerchantOrThrow(ctx.publisher.id, merchantSlug) : null;
  const csv = await dealReportCsv({ publisherId: ctx.publisher.id, merchantId: merchant?.id, dealId: dealParam ?? undefined });
  await recordAudit({
    publisherId: ctx.publisher.id,
    merchantId: merchant?.id ?? null,
    actorUserId: ctx.user.id,
    action: "deal_report.exported",
    entityType: "Deal",
    entityId: dealParam,
    data: { merchant: merchantSlug },
  });
  const name = `deal-report-${ctx.publisher.slug}${merchant ? `-${merchant.slug}` : ""}-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
});
