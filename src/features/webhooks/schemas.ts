import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./events";

export const MAX_ENDPOINTS_PER_MERCHANT = 10;

const ZEvents = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { message: "Pick events from the list." }))
  .min(1, "Pick at least one event.")
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)].sort());

export const ZWebhookEndpointInput = z.object({
  url: z.string().trim().min(1, "Enter the URL that should receive the events.").max(2000, "That URL is too long (2,000 characters at most)."),
  events: ZEvents,
  description: z.string().trim().max(200, "Keep the description under 200 characters.").default(""),
});
export type TWebhookEndpointInput = z.infer<typeof ZWebhookEndpointInput>;

export const ZWebhookEndpointPatch = z
  .object({
    url: ZWebhookEndpointInput.shape.url.optional(),
    events: ZEvents.optional(),
    description: z.string().trim().max(200, "Keep the description under 200 characters.").optional(),
    /** false turns the endpoint off; true turns it back on and forgets past failures. */
    enabled: z.boolean().optional(),
  })
  .strict();
export type TWebhookEndpointPatch = z.infer<typeof ZWebhookEndpointPatch>;

export const ZEndpointRef = z.object({ endpointId: z.uuid({ message: "That endpoint was not found." }) });
export const ZDeliveryRef = ZEndpointRef.extend({ eventId: z.uuid({ message: "That delivery was not found." }) });
