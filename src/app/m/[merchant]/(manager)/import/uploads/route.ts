// POST /m/{merchant}/import/uploads?kind=customers|visits|vouchers&name=<file> — stream a CSV to disk; answers headers, preview, suggested mapping
import { z } from "zod";
import { storeUpload } from "@/features/imports/service";
import { json } from "@/lib/api";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const POST = merchantRoute("customers.import", async (request, ctx) => {
  const url = new URL(request.url);
  const kind = z.enum(["customers", "visits", "vouchers"]).safeParse(url.searchParams.get("kind"));
  if (!kind.success) throw new AppError("BAD_REQUEST", "Choose what the file holds: customers, visits or sold vouchers.");
  if (!request.body) throw new AppError("BAD_REQUEST", "Send the CSV file as the request body.");
  const name = url.searchParams.get("name") ?? "upload.csv";
  return json(await storeUpload(ctx.merchant, kind.data, name, request.body, ctx.user.id), 201);
});
