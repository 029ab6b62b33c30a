import "server-only";
import { csvRows } from "@/lib/csv";
import { getDealRows, rate } from "./report";

const HEADER = [
  "merchant",
  "deal",
  "price",
  "value",
  "currency",
  "sold",
  "redeemed",
  "redemption_rate",
  "returned_30d",
  "returned_60d",
  "returned_90d",
  "return_rate_90d",
  "return_revenue",
];

const money = (cents: number) => (cents / 100).toFixed(2);
const ratio = (n: number | null) => (n === null ? "" : n.toFixed(4));

/** The deal report as CSV: one row per deal in scope, amounts in the merchant's currency (major units). */
export async function dealReportCsv(scope: { publisherId: string; merchantId?: string; dealId?: string }): Promise<string> {
  const rows = await getDealRows(scope);
  return csvRows([
    HEADER,
    ...rows.map((r) => [
      r.merchantName,
      r.title,
      money(r.priceCents),
      money(r.valueCents),
      r.currency,
      r.sold,
      r.redeemed,
      ratio(rate(r.redeemed, r.sold)),
      r.returned30,
      r.returned60,
      r.returned90,
      ratio(rate(r.returned90, r.redeemed)),
      money(r.returnRevenueCents),
    ]),
  ]);
}
