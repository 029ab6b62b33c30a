"use server";

import { merchantAction } from "@/features/tenancy/request-chain";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  resendWebhookDelivery,
  rotateWebhookSecret,
  sendWebhookTestEvent,
  updateWebhookEndpoint,
} from "./endpoints";
import { ZDeliveryRef, ZEndpointRef, ZWebhookEndpointInput, ZWebhookEndpointPatch } from "./schemas";

const opts = <S>(name: string, schema: S) => ({ permission: "webhooks.manage" as const, schema, name });

/** Adds an endpoint; its signing secret is in the answer this once. */
export const createWebhookEndpointAction = merchantAction(opts("createWebhookEndpoint", ZWebhookEndpointInput), async (input, ctx) => {
  const e = await createWebhookEndpoint(ctx.merchant.id, input, { userId: ctx.user.id });
  return { id: e.id, url: e.url, secret: e.secret };
});

export const updateWebhookEndpointAction = merchantAction(
  opts("updateWebhookEndpoint", ZEndpointRef.extend(ZWebhookEndpointPatch.shape).strict()),
  async ({ endpointId, ...patch }, ctx) => {
    const e = await updateWebhookEndpoint(ctx.merchant.id, endpointId, patch, { userId: ctx.user.id });
    return { id: e.id, disabled: !!e.disabledAt };
  },
);

export const deleteWebhookEndpointAction = merchantAction(opts("deleteWebhookEndpoint", ZEndpointRef), async ({ endpointId }, ctx) =>
  deleteWebhookEndpoint(ctx.merchant.id, endpointId, { userId: ctx.user.id }),
);

export const rotateWebhookSecretAction = merchantAction(opts("rotateWebhookSecret", ZEndpointRef), async ({ endpointId }, ctx) =>
  rotateWebhookSecret(ctx.merchant.id, endpointId, { userId: ctx.user.id }),
);

export const resendWebhookDeliveryAction = merchantAction(opts("resendWebhookDelivery", ZDeliveryRef), async ({ endpointId, eventId }, ctx) =>
  resendWebhookDelivery(ctx.merchant.id, endpointId, eventId, { userId: ctx.user.id }),
);

export const sendWebhookTestAction = merchantAction(opts("sendWebhookTest", ZEndpointRef), async ({ endpointId }, ctx) =>
  sendWebhookTestEvent(ctx.merchant.id, endpointId),
);
