// The events a merchant's webhook endpoints can subscribe to. The triggers that write them live in
// prisma/sql/webhooks.sql; this list is what people and partners choose from (API.md).
export const WEBHOOK_EVENTS = [
  { type: "visit.created", label: "A visit is recorded" },
  { type: "visit.updated", label: "A visit is corrected" },
  { type: "visit.deleted", label: "A visit is undone or deleted" },
  { type: "customer.created", label: "A new customer is added" },
  { type: "customer.updated", label: "A customer's details or consent change" },
  { type: "customer.unsubscribed", label: "A customer unsubscribes" },
  { type: "voucher.redeemed", label: "A voucher or personal code is redeemed" },
  { type: "campaign.completed", label: "A Social Select campaign finishes sending" },
] as const;

export type TWebhookEventType = (typeof WEBHOOK_EVENTS)[number]["type"];

export const WEBHOOK_EVENT_TYPES = WEBHOOK_EVENTS.map((e) => e.type) as [TWebhookEventType, ...TWebhookEventType[]];

/** Sent only by "Send test event", to the one endpoint it was asked for. */
export const WEBHOOK_TEST_EVENT = "webhook.test";
