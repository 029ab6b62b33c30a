// POST /api/v1/vouchers/{code}/void — void a deal's sold voucher that is not redeemed (the counter then refuses it); audited
import { getApiVoucher, getDealVoucherByCodeOrThrow, voidVoucher, voucherCodeParam } from "@/features/publishers/deals";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ code: string }>(async (_request, ctx, params) => {
  const voucher = await getDealVoucherByCodeOrThrow(ctx.merchant.id, voucherCodeParam(params.code));
  await voidVoucher(ctx.merchant.id, voucher.id, { apiKeyId: ctx.apiKeyId });
  return json(await getApiVoucher(ctx.merchant.id, voucher.id));
});
