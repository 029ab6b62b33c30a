"use server";

import { z } from "zod";
import { merchantAction } from "@/lib/action";
import { ZFilter } from "@/features/filters/schemas";
import { createGroup } from "./service";

export const createGroupFromFilterAction = merchantAction(
  { permission: "groups.manage", schema: z.object({ name: z.string().trim().min(1, "Name the group.").max(80), filter: ZFilter }), name: "createGroupFromFilter" },
  (input, ctx) => createGroup(ctx.merchant, input, { userId: ctx.user.id }),
);
