// GET  /m/{merchant}/import/uploads/{id} — an import's status and progress
// POST /m/{merchant}/import/uploads/{id} — { action: "validate", mapping, dealId? | newDealTitle? } checks every row
//   (a voucher file names its deal: one of the merchant's, or a new one's title); { action: "import" } starts the import
import { z } from "zod";
import { ZImportPolicy, type TImportJobView } from "@/features/imports/fields";
import { zText } from "@/lib/text";
import { getImportJob, startImport, validateImport } from "@/features/imports/service";
import { json, readJsonBody } from "@/lib/api";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const serialize = (j: Awaited<ReturnType<typeof getImportJob>>): TImportJobView & { fileBytes: number } => ({
  ...j,
  errorSample: j.errorSample as TImportJobView["errorSample"],
  preview: j.preview as TImportJobView["preview"],
  fileBytes: Number(j.fileBytes),
});
const ZId = z.string().uuid();

export const GET = merchantRoute<{ merchant: string; id: string }>("customers.import", async (_request, ctx, params) => {
  if (!ZId.safeParse(params.id).success) throw new AppError("NOT_FOUND", "That import was not found.");
  return json(serialize(await getImportJob(ctx.merchant.id, params.id)));
});

const ZAction = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("validate"),
    mapping: z.record(z.string(), z.string().max(200)),
    dealId: z.string().uuid().optional(),
    newDealTitle: z.string().trim().min(1).max(200).optional(),
  }),
  z.object({
    action: z.literal("import"),
    /** A customer file: per field, what happens to a value an existing customer already has. */
    policy: ZImportPolicy.optional(),
    /** Where the customers who said yes to email gave that consent (stored with it). */
    consentSource: zText("Consent source").max(200).optional(),
  }),
]);

export const POST = merchantRoute<{ merchant: string; id: string }>("customers.import", async (request, ctx, params) => {
  if (!ZId.safeParse(params.id).success) throw new AppError("NOT_FOUND", "That import was not found.");
  const parsed = ZAction.safeParse(await readJsonBody(request));
  if (!parsed.success) throw AppError.invalid(parsed.error, "Say whether to validate (with a mapping) or import.");
  if (parsed.data.action === "validate") {
    const mapping = Object.fromEntries(Object.entries(parsed.data.mapping).filter(([, v]) => v));
    const { dealId, newDealTitle } = parsed.data;
    return json(serialize(await validateImport(ctx.merchant, params.id, mapping, { dealId, newDealTitle }, ctx.user.id)));
  }
  const { policy, consentSource } = parsed.data;
  await startImport(ctx.merchant, params.id, ctx.user.id, { ...(policy ? { policy } : {}), ...(consentSource ? { consentSource } : {}) });
  return json(serialize(await getImportJob(ctx.merchant.id, params.id)), 202);
});
