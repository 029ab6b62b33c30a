// GET /m/{merchant}/counter/vouchers/{code} — can this code be redeemed here, and by whom
import { lookupVoucher } from "@/features/visits/counter";
import { json } from "@/lib/api";
import { merchantRoute } from "@/lib/merchant-route";

export const dynamic = "force-dynamic";

export const GET = merchantRoute<{ merchant: string; code: string }>("counter.capture", async (_request, ctx, params) =>
  json(await lookupVoucher(ctx.merchant, decodeURIComponent(params.code).slice(0, 40))),
);
