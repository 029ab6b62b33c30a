// GET /m/{merchant}/customers/export?f= — the filtered Best Customer List as CSV (managers; audited; streamed)
import { decodeFilter } from "@/features/filters/encode";
import { listCustomers } from "@/features/filters/queries";
import { ALL_CUSTOMERS } from "@/features/filters/presets";
import { describeFilter } from "@/features/filters/summary";
import { recordAudit } from "@/features/tenancy/audit";
import { merchantRoute } from "@/lib/merchant-route";

export const dynamic = "force-dynamic";

// Cells that start with = + - @ would run as formulas in a spreadsheet: prefix them.
const cell = (v: unknown) => {
  let s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const GET = merchantRoute("customers.export", async (request, ctx) => {
  const url = new URL(request.url);
  const filter = decodeFilter(url.searchParams.get("f")) ?? ALL_CUSTOMERS;
  await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "customers.exported", entityType: "Customer", data: { filter: describeFilter(filter) } });
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode("id,firstName,lastName,email,phone,visits,totalSpentCents,lastVisitAt,rating,rfmSegment,emailConsent\n"));
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listCustomers>> = await listCustomers(ctx.merchant, filter, { limit: 2000, cursor });
        const lines = page.data.map((c) => [c.id, c.firstName, c.lastName, c.email, c.phone, c.visitCount, c.totalSpentCents, c.lastVisitAt, c.lastRating, c.rfmSegment, c.emailConsent].map(cell).join(","));
        if (lines.length) controller.enqueue(encoder.encode(lines.join("\n") + "\n"));
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
