import { z } from "zod";
import { ZFilter } from "./schemas";

export const ZCountRequest = z.object({ filter: ZFilter }).strict();
export const ZCustomersRequest = z
  .object({
    filter: ZFilter,
    limit: z.number().int().min(1).max(500).optional(),
    cursor: z.string().max(500).nullable().optional(),
    sort: z.enum(["lastVisit", "totalSpent", "visits", "created"]).optional(),
  })
  .strict();
