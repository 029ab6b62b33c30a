// GET /m/{merchant}/customers/export?f=&group=&format= — the filtered Best Customer List as CSV (managers; audited; streamed)
import { exportFormat, exportHeader, exportRow } from "@/features/customers/export-columns";
import { decodeFilter } from "@/features/filters/encode";
import { listCustomers } from "@/features/filters/queries";
import { ALL_CUSTOMERS } from "@/features/filters/presets";
import { describeFilter } from "@/features/filters/summary";
import { getGroupOrThrow } from "@/features/groups/manage";
import { recordAudit } from "@/lib/audit";
import { csvRows } from "@/lib/csv";
import { isUuid } from "@/lib/ids";
import { merchantRoute } from "@/features/tenancy/request-chain";

export const dynamic = "force-dynamic";

export const GET = merchantRoute("customers.export", async (request, ctx) => {
  const url = new URL(request.url);
  const filter = decodeFilter(url.searchParams.get("f")) ?? ALL_CUSTOMERS;
  const format = exportFormat(url.searchParams.get("format"));
  // A hand-picked group's members (another merchant's group is not found, a 404).
  const groupParam = url.searchParams.get("group");
  const group = groupParam && isUuid(groupParam) ? await getGroupOrThrow(ctx.merchant.id, groupParam) : null;
  const memberOf = group?.kind === "static" ? group.id : undefined;
  await recordAudit({
    merchantId: ctx.merchant.id,
    actorUserId: ctx.user.id,
    action: "customers.exported",
    entityType: "Customer",
    data: { filter: describeFilter(filter, ctx.merchant), format, ...(group ? { groupId: group.id } : {}) },
  });
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      // lib/csv.ts quotes CR/LF and neutralises formulas: names and emails are typed by anyone.
      controller.enqueue(encoder.encode(csvRows([exportHeader(format, ctx.merchant)])));
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listCustomers>> = await listCustomers(ctx.merchant, filter, { limit: 2000, cursor, memberOf });
        const rows = page.data.map((c) => exportRow(format, c, ctx.merchant));
        if (rows.length) controller.enqueue(encoder.encode(csvRows(rows)));
        cursor = page.nextCursor;
      } while (cursor);
      controller.close();
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.merchant.slug}-customers-${stamp}${format === "machine" ? "-machine" : ""}.csv"`,
    },
  });
});
