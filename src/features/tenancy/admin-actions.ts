"use server";

import { platformAction } from "./request-chain";
import { assignMerchantToPublisher, createPublisher, renamePublisher, setUserDisabled, suspendMerchant, unsuspendMerchant } from "./admin";
import { ZAssignMerchant, ZCreatePublisher, ZRenamePublisher, ZSetUserDisabled, ZSuspendMerchant, ZUnsuspendMerchant } from "./schemas";

// The platform admin's changes, each `(input)`: a platform admin on a password session
// (platformAction; anyone else a 404), in the platform scope, audited (features/tenancy/admin.ts).

export const createPublisherAction = platformAction({ schema: ZCreatePublisher, name: "createPublisher" }, (input, ctx) =>
  createPublisher(input, { userId: ctx.user.id }),
);
export const renamePublisherAction = platformAction({ schema: ZRenamePublisher, name: "renamePublisher" }, (input, ctx) =>
  renamePublisher(input, { userId: ctx.user.id }),
);
export const assignMerchantAction = platformAction({ schema: ZAssignMerchant, name: "assignMerchant" }, (input, ctx) =>
  assignMerchantToPublisher(input, { userId: ctx.user.id }),
);
export const suspendMerchantAction = platformAction({ schema: ZSuspendMerchant, name: "suspendMerchant" }, (input, ctx) =>
  suspendMerchant(input, { userId: ctx.user.id }),
);
export const unsuspendMerchantAction = platformAction({ schema: ZUnsuspendMerchant, name: "unsuspendMerchant" }, (input, ctx) =>
  unsuspendMerchant(input, { userId: ctx.user.id }),
);
export const setUserDisabledAction = platformAction({ schema: ZSetUserDisabled, name: "setUserDisabled" }, (input, ctx) =>
  setUserDisabled(input, { userId: ctx.user.id }),
);
