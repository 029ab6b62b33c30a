// GET /m/{merchant}/customers/export?f= — the filtered Best Customer List as CSV (managers; audited; streamed)
import { decodeFilter } from "@/features/filters/encode";
import { listCustomers } from "@/features/filters/queries";
import { ALL_CUSTOMERS } from "@/features/filters/presets";
import { describeFilter } from "@/features/filters/summary";
import { recordAudit } from "@/lib/audit";
import { csvRows } from "@/lib/csv";
import { merchantRoute } from "@/features/tenancy/request-chain";

export const dynamic = "force-dynamic";

const HEADER = ["id", "firstName", "lastName", "email", "phone", "visits", "totalSpentCents", "lastVisitAt", "rating", "rfmSegment", "emailConsent"];

export const GET = merchantRoute("customers.export", async (request, ctx) => {
  const url = new URL(request.url);
  const filter = decodeFilter(url.searchParams.get("f")) ?? ALL_CUSTOMERS;
  await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "customers.exported", entityType: "Customer", data: { filter: describeFilter(filter, ctx.merchant) } });
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      // lib/csv.ts quotes CR/LF and neutralises formulas: names and emails are typed by anyone.
      controller.enqueue(encoder.encode(csvRows([HEADER])));
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listCustomers>> = await listCustomers(ctx.merchant, filter, { limit: 2000, cursor });
        const rows = page.data.map((c) => [c.id, c.firstName, c.lastName, c.email, c.phone, c.visitCount, c.totalSpentCents, c.lastVisitAt, c.lastRating, c.rfmSegment, c.emailConsent]);
        if (rows.length) controller.enqueue(encoder.encode(csvRows(rows)));
        cursor = page.nextCursor;
      } while (cursor);
      controller.close();
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${ctx.merchant.slug}-customers-${stamp}.csv"` },
  });
});
