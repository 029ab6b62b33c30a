// GET /m/{merchant}/import/uploads/{id}/invalid — the rows that cannot be imported, with reasons, as CSV
import { createReadStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import { z } from "zod";
import { getImportJob, invalidRowsFile } from "@/features/imports/service";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = merchantRoute<{ merchant: string; id: string }>("customers.import", async (_request, ctx, params) => {
  if (!z.string().uuid().safeParse(params.id).success) throw new AppError("NOT_FOUND", "That import was not found.");
  const job = await getImportJob(ctx.merchant.id, params.id);
  const file = invalidRowsFile(ctx.merchant.id, job.id);
  if (!existsSync(file)) throw new AppError("NOT_FOUND", "Check the file first.");
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="invalid-rows-${job.fileName.replace(/[^\w.-]/g, "_")}"`,
    },
  });
});
