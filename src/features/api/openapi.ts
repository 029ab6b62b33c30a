import { z } from "zod";
import { ZCreateCampaign } from "@/features/campaigns/schemas";
import { ZCustomerInput } from "@/features/customers/schemas";
import { ZApiVisit } from "@/features/visits/schemas";
import { ZLoadVouchers } from "@/features/visits/vouchers";
import { ZUpdateMerchant } from "@/features/tenancy/schemas";
import { ZWebhookEndpointInput, ZWebhookEndpointPatch } from "@/features/webhooks/schemas";
import { ZPromotionInput } from "@/features/promotions/schemas";
import { ZCountRequest, ZCustomersRequest } from "@/features/filters/api";
import { FILTER_LIMITS, ZFilterGrammar } from "@/features/filters/schemas";
import { ZCreateGroup } from "@/features/groups/service";
import { GROUP_BODY_LIMIT, JSON_BODY_LIMIT } from "@/lib/body-limits";

// OpenAPI 3.1 for REST API v1, generated from the same zod schemas that validate requests.
const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

/** A schema whose self-references ("#", zod's recursion) point at its component instead. */
function asComponent(s: unknown, name: string): unknown {
  if (Array.isArray(s)) return s.map((x) => asComponent(x, name));
  if (!s || typeof s !== "object") return s;
  return Object.fromEntries(
    Object.entries(s)
      .filter(([k]) => k !== "$schema")
      .map(([k, v]) => [k, k === "$ref" && v === "#" ? `#/components/schemas/${name}` : asComponent(v, name)]),
  );
}

/** A body schema whose `filter` is the Filter component (ZFilter validates node by node; its shape is the grammar's). */
function withFilterRef(s: z.ZodType): Record<string, unknown> {
  const json = schema(s) as { properties?: Record<string, unknown>; anyOf?: { properties?: Record<string, unknown> }[] };
  for (const part of [json, ...(json.anyOf ?? [])]) if (part.properties && "filter" in part.properties) part.properties.filter = { $ref: "#/components/schemas/Filter" };
  return json;
}

const CONSENT = ` When the request set customer consent, consent: { email, reason? } says what it is now; reason "unsubscribed" means the customer's own unsubscribe stood (only the customer re-subscribes, on their preference page).`;
const problem = { description: "Problem details (RFC 9457)", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
const errors = { "400": problem, "401": problem, "404": problem, "413": { ...problem, description: "The body is larger than the endpoint takes (1 MB unless it says otherwise)" }, "422": problem, "429": problem };
const ID_PARAM = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const idempotencyKey = { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 }, description: "A repeat with the same key and body returns the first response and changes nothing; the same key with another body is a 422." };

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Regulars API",
      version: "1.0.0",
      description:
        "Customers, visits and vouchers of one merchant, identified by its API key. " +
        `Bad input is a 4xx that changes nothing. JSON bodies are at most ${JSON_BODY_LIMIT / (1024 * 1024)} MB (POST /api/v1/groups: ${GROUP_BODY_LIMIT / (1024 * 1024)} MB); a larger body is a 413. ` +
        "Every number and date has the bounds its schema states (minimum, maximum, pattern); ids are UUIDs, and a malformed id is a 404 like an unknown one.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key created in Settings → API keys or with `npm run cli -- api-key:create`." } },
      schemas: {
        Problem: {
          type: "object",
          properties: { type: { type: "string" }, status: { type: "integer" }, title: { type: "string" }, detail: { type: "string" }, code: { type: "string", description: "A stable machine code: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, UNPROCESSABLE, RATE_LIMITED or INTERNAL." }, errors: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } } },
          required: ["status", "title", "detail", "code"],
        },
        CustomerInput: schema(ZCustomerInput),
        VisitInput: schema(ZApiVisit),
        MerchantUpdate: schema(ZUpdateMerchant),
        VoucherBatch: schema(ZLoadVouchers),
        CampaignInput: schema(ZCreateCampaign),
        Campaign: {
          type: "object",
          description: "audience: recipients who get the email; holdout: eligible customers drawn as the control (they get nothing). Before the send both are what they would be now; from the send on, the snapshot.",
          properties: {
            id: { type: "string", format: "uuid" },
            status: { type: "string", enum: ["draft", "scheduled", "sending", "sent", "cancelled", "failed"] },
            audience: { type: "integer" },
            holdout: { type: "integer" },
            excluded: { type: "object", properties: Object.fromEntries(["noConsent", "unsubscribed", "suppressed", "noEmail", "alreadyReceived", "frequencyCapped"].map((k) => [k, { type: "integer" }])) },
            queued: { type: "integer" }, sent: { type: "integer" }, delivered: { type: "integer" }, opened: { type: "integer" }, clicked: { type: "integer" },
            bounced: { type: "integer" }, complained: { type: "integer" }, failed: { type: "integer" }, redeemed: { type: "integer" }, revenueCents: { type: "integer" },
            returns: { type: "array", items: { type: "object", description: "Return visits within `days` of the send, recipients against the holdout, with the difference's 95% interval and a sentence." } },
          },
          required: ["id", "status", "audience", "holdout", "excluded", "queued", "sent", "delivered", "bounced", "redeemed", "revenueCents"],
        },
        PromotionInput: schema(ZPromotionInput),
        Filter: { ...(asComponent(schema(ZFilterGrammar), "Filter") as object), title: "Smart Filter v1", description: `The filter language of docs/filters.md. ${FILTER_LIMITS}` },
        SegmentCountInput: withFilterRef(ZCountRequest),
        SegmentCustomersInput: withFilterRef(ZCustomersRequest),
        GroupInput: withFilterRef(ZCreateGroup),
        WebhookEndpointInput: schema(ZWebhookEndpointInput),
        WebhookEndpointPatch: schema(ZWebhookEndpointPatch),
      },
    },
    paths: {
      "/api/health": { get: { summary: "Liveness and database reachability", security: [], responses: { "200": { description: "ok" }, "503": { description: "database unreachable" } } } },
      "/api/v1/customers": {
        post: {
          summary: "Create a customer, or match one by externalId, email (case-insensitive) or phone (E.164)",
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CustomerInput" } } } },
          responses: { "201": { description: `created.${CONSENT}` }, "200": { description: `matched an existing customer.${CONSENT}` }, ...errors },
        },
      },
      "/api/v1/customers/{id}": {
        get: { summary: "A customer with visit aggregates", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }], responses: { "200": { description: "the customer" }, ...errors } },
      },
      "/api/v1/visits": {
        post: {
          summary: "Record a visit; with voucherCode, a redemption",
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/VisitInput" } } } },
          responses: { "201": { description: `recorded: { id, customerId, localDate, localDayOfWeek, localHour, consent? }.${CONSENT}` }, "409": problem, ...errors },
        },
      },
      "/api/v1/vouchers": {
        post: {
          summary: "Bulk-load sold vouchers for a deal (up to 1,000)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/VoucherBatch" } } } },
          responses: { "201": { description: "{ created, unchanged, results: [{ code, result: created | unchanged }] }. Codes are unique per merchant: another business's codes neither block a load nor show through it." }, "200": { description: "nothing new" }, ...errors },
        },
      },
      "/api/v1/campaigns": {
        post: {
          summary: "Send a promotion to a group now, or at sendAt; every recipient gets a personal code (the send runs in the background)",
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CampaignInput" } } } },
          responses: { "201": { description: "{ id, status, sendAt }" }, ...errors },
        },
      },
      "/api/v1/campaigns/{id}": {
        get: {
          summary: "A campaign's audience, progress and results",
            responses: { "200": { description: "the campaign", content: { "application/json": { schema: { $ref: "#/components/schemas/Campaign" } } } }, ...errors },
        },
      },
      "/api/v1/promotions": {
        post: {
          summary: "Save a Social Select promotion (an offer and its email; {{firstName}} is replaced per customer)",
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/PromotionInput" } } } },
          responses: { "201": { description: "created: { id }" }, ...errors },
        },
        get: {
          summary: "The merchant's promotions, newest first",
          parameters: [
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
            { name: "cursor", in: "query", schema: { type: "string", format: "uuid" }, description: "nextCursor of the previous page" },
          ],
          responses: { "200": { description: "{ data: [...], nextCursor }" }, ...errors },
        },
      },
      "/api/v1/promotions/{id}": {
        get: { summary: "One promotion", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }], responses: { "200": { description: "the promotion" }, ...errors } },
      },
      "/api/v1/segments/count": {
        post: {
          summary: "How many of the merchant's customers match a Smart Filter",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/SegmentCountInput" } } } },
          responses: { "200": { description: "{ count }" }, ...errors },
        },
      },
      "/api/v1/segments/customers": {
        post: {
          summary: "One page of the customers matching a Smart Filter; pass nextCursor back (with the same sort) for the next",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/SegmentCustomersInput" } } } },
          responses: { "200": { description: "{ data: [...], nextCursor }" }, ...errors },
        },
      },
      "/api/v1/groups": {
        post: {
          summary: "Save a group: dynamic ({ name, filter }) or static ({ name, customerIds }, up to 50,000; this body may be up to 4 MB)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/GroupInput" } } } },
          responses: { "201": { description: "{ id, name, count }" }, "409": problem, ...errors },
        },
      },
      "/api/v1/filters/schema": {
        get: { summary: "The Smart Filter language as JSON Schema", security: [], responses: { "200": { description: "JSON Schema (draft 2020-12)" } } },
      },
      "/api/v1/merchant": {
        get: { summary: "The API key's merchant: name, time zone, currency, postal address and branding; readyToSend says whether campaigns can send (they need the postal address)", responses: { "200": { description: "the merchant's settings" }, ...errors } },
        patch: {
          summary: "Change the merchant's settings; only the fields sent change (audited)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/MerchantUpdate" } } } },
          responses: { "200": { description: "the merchant's settings after the change" }, ...errors },
        },
      },
      "/api/v1/webhook-endpoints": {
        get: { summary: "The merchant's webhook endpoints with their last 24 hours of deliveries (never a secret)", responses: { "200": { description: "{ data: [{ id, url, description, events, disabledAt, disabledReason, failingSince, last24h: { succeeded, failed, pending } }] }" }, ...errors } },
        post: {
          summary: "Subscribe an HTTPS endpoint to events (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/WebhookEndpointInput" } } } },
          responses: { "201": { description: "{ id, url, events, description, secret, createdAt }: the secret (whsec_…) is shown this once" }, ...errors },
        },
      },
      "/api/v1/webhook-endpoints/{id}": {
        get: { summary: "One webhook endpoint", parameters: [ID_PARAM], responses: { "200": { description: "the endpoint" }, ...errors } },
        patch: {
          summary: "Change an endpoint's URL, events or description; enabled: true turns an endpoint that was turned off back on",
          parameters: [ID_PARAM],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/WebhookEndpointPatch" } } } },
          responses: { "200": { description: "the endpoint after the change" }, ...errors },
        },
        delete: { summary: "Delete an endpoint and its delivery log", parameters: [ID_PARAM], responses: { "204": { description: "deleted" }, ...errors } },
      },
      "/api/v1/webhook-endpoints/{id}/rotate-secret": {
        post: { summary: "A new signing secret; the old one signs beside it for 24 hours", parameters: [ID_PARAM], responses: { "200": { description: "{ id, secret, previousSecretExpiresAt }" }, ...errors } },
      },
      "/api/v1/webhook-endpoints/{id}/deliveries": {
        get: {
          summary: "The endpoint's delivery log, newest first, 50 a page",
          parameters: [
            ID_PARAM,
            { name: "cursor", in: "query", required: false, schema: { type: "string" }, description: "nextCursor of the previous page" },
            { name: "before", in: "query", required: false, schema: { type: "string", format: "date-time" }, description: "nextBefore of the previous page (can skip deliveries of the same instant: prefer cursor)" },
          ],
          responses: { "200": { description: "{ data: [{ eventId, type, status, attempts, lastStatusCode, lastResponse, lastError, deliveredAt, createdAt, … }], nextCursor, nextBefore }" }, ...errors },
        },
      },
      "/api/v1/openapi.json": {
        get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } },
      },
      "/api/v1/dev/mailbox": {
        get: { summary: "Development mailbox (only without an email provider)", parameters: [{ name: "to", in: "query", schema: { type: "string" } }], responses: { "200": { description: "{ data: [...] }" }, ...errors } },
      },
    },
  };
}
