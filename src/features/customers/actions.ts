"use server";

import { merchantAction } from "@/features/tenancy/request-chain";
import { changeConsent, editCustomer } from "./edit";
import { ZConsentChange, ZCustomerEdit } from "./schemas";

// The Customer 360's writes. Each goes through the one request chain: session → membership from
// the slug (another merchant's member gets "not found") → permission (managers; a counter PIN
// session is refused) → zod → the feature function, which audits in the same transaction.

export const editCustomerAction = merchantAction({ permission: "customers.edit", schema: ZCustomerEdit, name: "editCustomer" }, (input, ctx) => editCustomer(ctx, input));

export const changeConsentAction = merchantAction({ permission: "customers.edit", schema: ZConsentChange, name: "changeConsent" }, (input, ctx) => changeConsent(ctx, input));
