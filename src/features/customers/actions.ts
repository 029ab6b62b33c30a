"use server";

import { merchantAction } from "@/features/tenancy/request-chain";
import { changeConsent, editCustomer } from "./edit";
import { addNote, deleteNote } from "./notes";
import { ZConsentChange, ZCustomerEdit, ZNoteDelete, ZNoteInput } from "./schemas";

// The Customer 360's writes. Each goes through the one request chain: session → membership from
// the slug (another merchant's member gets "not found") → permission (managers; a counter PIN
// session is refused) → zod → the feature function, which audits in the same transaction.

export const editCustomerAction = merchantAction({ permission: "customers.edit", schema: ZCustomerEdit, name: "editCustomer" }, (input, ctx) => editCustomer(ctx, input));

export const changeConsentAction = merchantAction({ permission: "customers.edit", schema: ZConsentChange, name: "changeConsent" }, (input, ctx) => changeConsent(ctx, input));

export const addNoteAction = merchantAction({ permission: "customers.edit", schema: ZNoteInput, name: "addCustomerNote" }, (input, ctx) => addNote(ctx, input));

export const deleteNoteAction = merchantAction({ permission: "customers.edit", schema: ZNoteDelete, name: "deleteCustomerNote" }, (input, ctx) => deleteNote(ctx, input));
