// POST /api/v1/vouchers/{code}/extend — move an active deal voucher's expiry later: { expiresAt }; audited
import { extendVoucherExpiryTo, getApiVoucher, getDealVoucherByCodeOrThrow, voucherCodeParam } from "@/features/publishers/deals";
import { ZApiExtendVoucher } from "@/features/publishers/schemas";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ code: string }>(async (request, ctx, params) => {
  const voucher = await getDealVoucherByCodeOrThrow(ctx.merchant.id, voucherCodeParam(params.code));
  const { data } = await parseBody(request, ZApiExtendVoucher);
  await extendVoucherExpiryTo(ctx.merchant.id, voucher.id, data.expiresAt, { apiKeyId: ctx.apiKeyId });
  return json(await getApiVoucher(ctx.merchant.id, voucher.id));
});
