"use server";

import { merchantAction } from "@/features/tenancy/request-chain";
import { changeConsent, editCustomer } from "./edit";
import { z } from "zod";
import { eraseCustomer } from "./erase";
import { mergeCustomers, previewMerge, searchMergeCandidates } from "./merge";
import { addNote, deleteNote } from "./notes";
import { ZConsentChange, ZCustomerEdit, ZCustomerId, ZEraseInput, ZMergeInput, ZNoteDelete, ZNoteInput } from "./schemas";

// The Customer 360's writes. Each goes through the one request chain: session → membership from
// the slug (another merchant's member gets "not found") → permission (managers; a counter PIN
// session is refused) → zod → the feature function, which audits in the same transaction.

export const editCustomerAction = merchantAction({ permission: "customers.edit", schema: ZCustomerEdit, name: "editCustomer" }, (input, ctx) =>
  editCustomer(ctx, input),
);

export const changeConsentAction = merchantAction({ permission: "customers.edit", schema: ZConsentChange, name: "changeConsent" }, (input, ctx) =>
  changeConsent(ctx, input),
);

export const addNoteAction = merchantAction({ permission: "customers.edit", schema: ZNoteInput, name: "addCustomerNote" }, (input, ctx) => addNote(ctx, input));

export const deleteNoteAction = merchantAction({ permission: "customers.edit", schema: ZNoteDelete, name: "deleteCustomerNote" }, (input, ctx) =>
  deleteNote(ctx, input),
);

export const searchMergeCandidatesAction = merchantAction(
  { permission: "customers.merge", schema: z.object({ customerId: ZCustomerId, q: z.string().max(200) }), name: "searchMergeCandidates" },
  (input, ctx) => searchMergeCandidates(ctx.merchant.id, input.customerId, input.q),
);

export const previewMergeAction = merchantAction({ permission: "customers.merge", schema: ZMergeInput, name: "previewMerge" }, (input, ctx) =>
  previewMerge(ctx, input),
);

export const mergeCustomersAction = merchantAction({ permission: "customers.merge", schema: ZMergeInput, name: "mergeCustomers" }, (input, ctx) =>
  mergeCustomers(ctx, input),
);

export const eraseCustomerAction = merchantAction({ permission: "customers.erase", schema: ZEraseInput, name: "eraseCustomer" }, (input, ctx) =>
  eraseCustomer(ctx, input),
);
