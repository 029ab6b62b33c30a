// GET   /api/v1/merchant — the API key's merchant: name, zone, currency, postal address, branding
// PATCH /api/v1/merchant — change any of those (only the fields sent); audited. The postal address
//   is what a campaign needs, so a partner can make a merchant ready to send without the UI.
import { MERCHANT_SETTINGS, updateMerchant } from "@/features/tenancy/admin-commands";
import { ZUpdateMerchant } from "@/features/tenancy/schemas";
import { merchantAddressProblem } from "@/features/promotions/branding";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json, parseBody } from "@/lib/api";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

type TSettings = Awaited<ReturnType<typeof updateMerchant>>;
const serialize = (m: TSettings) => ({ ...m, readyToSend: merchantAddressProblem(m) === null, addressProblem: merchantAddressProblem(m) });

export const GET = apiRoute(async (_request, ctx) =>
  json(serialize(await db.merchant.findUniqueOrThrow({ where: { id: ctx.merchant.id }, select: MERCHANT_SETTINGS }))),
);

export const PATCH = apiRoute(async (request, ctx) => {
  const { data } = await parseBody(request, ZUpdateMerchant);
  return json(serialize(await updateMerchant(ctx.merchant.id, data, { apiKeyId: ctx.apiKeyId })));
});
