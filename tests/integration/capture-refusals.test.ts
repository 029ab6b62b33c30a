import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { withTenant } from "@/lib/tenant";
import { db, makeMerchant } from "./helpers";

// capture_visit() refuses with SQLSTATE RG001, the reason code as the message and its facts as JSON
// in DETAIL (prisma/sql/capture_visit.sql); capture.ts reads those fields, never the text.

async function refusalOf(params: Record<string, unknown>) {
  const base = { occurredAt: new Date().toISOString(), localDate: "2026-12-01", localDayOfWeek: 2, localHour: 12, amountCents: 100, source: "api" };
  try {
    await withTenant(String(params.merchantId), () => pool().query("SELECT capture_visit($1::jsonb)", [JSON.stringify({ ...base, ...params })]));
  } catch (err) {
    const e = err as { code?: string; message?: string; detail?: string };
    return { code: e.code, message: e.message, detail: e.detail ? JSON.parse(e.detail) : undefined };
  }
  throw new Error("capture_visit() did not refuse");
}

describe("capture_visit() refusals", () => {
  it("raise RG001 with the reason code as the message and the facts in DETAIL", async () => {
    const m = await makeMerchant("Refusals");
    const merchantId = m.merchant.id;
    const deal = await db.deal.create({ data: { merchantId, title: "Deal" } });
    const redeemedAt = new Date("2026-11-20T19:05:00Z");
    await db.voucher.create({ data: { merchantId, dealId: deal.id, code: "USED-0001", status: "redeemed", redeemedAt } });
    await db.voucher.create({ data: { merchantId, dealId: deal.id, code: "VOID-0001", status: "void" } });

    expect(await refusalOf({ merchantId })).toEqual({ code: "RG001", message: "no_customer", detail: undefined });
    expect(await refusalOf({ merchantId, voucherCode: "NONE-0001" })).toEqual({ code: "RG001", message: "voucher_unknown", detail: undefined });
    expect(await refusalOf({ merchantId, voucherCode: "VOID-0001" })).toEqual({ code: "RG001", message: "voucher_void", detail: undefined });
    const used = await refusalOf({ merchantId, voucherCode: "USED-0001" });
    expect(used).toMatchObject({ code: "RG001", message: "voucher_redeemed", detail: { redeemedBy: null } });
    expect(new Date(used.detail.redeemedAt).toISOString()).toBe(redeemedAt.toISOString());
  });
});
