// DELETE /m/{merchant}/counter/captures/{visitId} — undo a capture (own within 10 minutes; managers any)
import { z } from "zod";
import { undoVisit } from "@/features/visits/counter";
import { json, problem } from "@/lib/api";
import { merchantRoute } from "@/lib/merchant-route";

export const dynamic = "force-dynamic";

export const DELETE = merchantRoute<{ merchant: string; visitId: string }>("visits.editOwn", async (_request, ctx, params) => {
  const id = z.string().uuid().safeParse(params.visitId);
  if (!id.success) return problem(404, "Not Found", "That visit was not found.");
  return json(await undoVisit(ctx, id.data));
});
