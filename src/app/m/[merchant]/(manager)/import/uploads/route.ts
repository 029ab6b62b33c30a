// POST /m/{merchant}/import/uploads?kind=customers|visits|vouchers&name=<file> — stream a CSV to disk; answers headers, preview, suggested mapping
import { z } from "zod";
import { storeUpload } from "@/features/imports/service";
import { json, problem } from "@/lib/api";
import { merchantRoute } from "@/lib/merchant-route";

export const dynamic = "force-dynamic";

export const POST = merchantRoute("customers.import", async (request, ctx) => {
  const url = new URL(request.url);
  const kind = z.enum(["customers", "visits", "vouchers"]).safeParse(url.searchParams.get("kind"));
  if (!kind.success) return problem(400, "Bad Request", "Choose what the file holds: customers, visits or sold vouchers.");
  if (!request.body) return problem(400, "Bad Request", "Send the CSV file as the request body.");
  const name = url.searchParams.get("name") ?? "upload.csv";
  return json(await storeUpload(ctx.merchant, kind.data, name, request.body, ctx.user.id), 201);
});
