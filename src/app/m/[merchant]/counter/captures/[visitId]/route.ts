// DELETE /m/{merchant}/counter/captures/{visitId} — undo a capture (own within 10 minutes; managers any)
import { z } from "zod";
import { editVisit, undoVisit } from "@/features/visits/counter";
import { ZEditVisit } from "@/features/visits/schemas";
import { json, readJsonBody } from "@/lib/api";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const DELETE = merchantRoute<{ merchant: string; visitId: string }>("visits.editOwn", async (_request, ctx, params) => {
  const id = z.string().uuid().safeParse(params.visitId);
  if (!id.success) throw new AppError("NOT_FOUND", "That visit was not found.");
  return json(await undoVisit(ctx, id.data));
});

// PATCH /m/{merchant}/counter/captures/{visitId} — correct spend, party, rating, tags or note
export const PATCH = merchantRoute<{ merchant: string; visitId: string }>("visits.editOwn", async (request, ctx, params) => {
  const parsed = ZEditVisit.safeParse({ ...((await readJsonBody(request)) as object), visitId: params.visitId });
  if (!parsed.success) throw AppError.invalid(parsed.error, "The correction is not valid.");
  return json(await editVisit(ctx, parsed.data));
});
