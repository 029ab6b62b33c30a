"use server";

import { merchantAction, publisherAction } from "@/features/tenancy/request-chain";
import { createPublisherCheckout, createPublisherPortal } from "./publisher";
import { createCheckoutSession, createPortalSession } from "./checkout";
import { ZOpenPortal, ZStartCheckout } from "./schemas";

/** Owner only: a Stripe Checkout session for a paid plan; the browser goes to its URL. */
export const startCheckoutAction = merchantAction({ permission: "billing.manage", schema: ZStartCheckout, name: "startCheckout" }, (input, ctx) =>
  createCheckoutSession(ctx.merchant, ctx.user, input.plan),
);

/** Owner only: the Stripe Customer Portal (plan, cancel, payment method, invoices). */
export const openBillingPortalAction = merchantAction({ permission: "billing.manage", schema: ZOpenPortal, name: "openBillingPortal" }, (_input, ctx) =>
  createPortalSession(ctx.merchant, ctx.user),
);

/** Publisher admins: Checkout for the per-merchant subscription, quantity = the publisher's merchants. */
export const startPublisherCheckoutAction = publisherAction({ schema: ZOpenPortal, name: "startPublisherCheckout" }, (_input, ctx) =>
  createPublisherCheckout(ctx.publisher, ctx.user),
);

export const openPublisherPortalAction = publisherAction({ schema: ZOpenPortal, name: "openPublisherPortal" }, (_input, ctx) =>
  createPublisherPortal(ctx.publisher),
);
