// GET /m/{merchant}/counter/vouchers/{code} — can this code be redeemed here, and by whom
import { lookupVoucher } from "@/features/visits/counter";
import { decodePathParam, json } from "@/lib/api";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = merchantRoute<{ merchant: string; code: string }>("counter.capture", async (_request, ctx, params) => {
  const code = decodePathParam(params.code);
  if (code === null) throw new AppError("BAD_REQUEST", "That is not a voucher code: check what was typed or scanned.");
  return json(await lookupVoucher(ctx.merchant, code.slice(0, 40)));
});
