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
import { ZApiCreateDeal, ZApiExtendVoucher, ZApiPatchDeal } from "@/features/publishers/schemas";
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
  for (const part of [json, ...(json.anyOf ?? [])])
    if (part.properties && "filter" in part.properties) part.properties.filter = { $ref: "#/components/schemas/Filter" };
  return json;
}

const CONSENT = ` When the request set customer consent, consent: { email, reason? } says what it is now; reason "unsubscribed" means the customer's own unsubscribe stood (only the customer re-subscribes, on their preference page).`;
const problem = { description: "Problem details (RFC 9457)", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
const errors = {
  "400": problem,
  "401": problem,
  "404": problem,
  "413": { ...problem, description: "The body is larger than the endpoint takes (1 MB unless it says otherwise)" },
  "422": problem,
  "429": problem,
};
const ID_PARAM = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const CODE_PARAM = {
  name: "code",
  in: "path",
  required: true,
  schema: { type: "string", minLength: 4, maxLength: 40 },
  description: "The voucher's code as printed or typed (case and dashes as the counter takes them).",
};
const instantOrNull = { type: ["string", "null"], format: "date-time" };
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", maxLength: 200 },
  description: "A repeat with the same key and body returns the first response and changes nothing; the same key with another body is a 422.",
};

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
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key created in Settings → API keys or with `npm run cli -- api-key:create`." },
      },
      schemas: {
        Problem: {
          type: "object",
          properties: {
            type: { type: "string" },
            status: { type: "integer" },
            title: { type: "string" },
            detail: { type: "string" },
            code: {
              type: "string",
              description:
                "A stable machine code: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, UNPROCESSABLE, RATE_LIMITED or INTERNAL.",
            },
            errors: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
          },
          required: ["status", "title", "detail", "code"],
        },
        CustomerInput: schema(ZCustomerInput),
        VisitInput: schema(ZApiVisit),
        MerchantUpdate: schema(ZUpdateMerchant),
        VoucherBatch: schema(ZLoadVouchers),
        CampaignInput: schema(ZCreateCampaign),
        Campaign: {
          type: "object",
          description:
            "audience: recipients who get the email; holdout: eligible customers drawn as the control (they get nothing). Before the send both are what they would be now; from the send on, the snapshot.",
          properties: {
            id: { type: "string", format: "uuid" },
            status: { type: "string", enum: ["draft", "scheduled", "sending", "sent", "cancelled", "failed"] },
            audience: { type: "integer" },
            holdout: { type: "integer" },
            excluded: {
              type: "object",
              properties: Object.fromEntries(
                ["noConsent", "unsubscribed", "suppressed", "noEmail", "alreadyReceived", "frequencyCapped"].map((k) => [k, { type: "integer" }]),
              ),
            },
            queued: { type: "integer" },
            sent: { type: "integer" },
            delivered: { type: "integer" },
            opened: { type: "integer" },
            clicked: { type: "integer" },
            bounced: { type: "integer" },
            complained: { type: "integer" },
            failed: { type: "integer" },
            redeemed: { type: "integer" },
            revenueCents: { type: "integer" },
            returns: {
              type: "array",
              items: {
                type: "object",
                description: "Return visits within `days` of the send, recipients against the holdout, with the difference's 95% interval and a sentence.",
              },
            },
          },
          required: ["id", "status", "audience", "holdout", "excluded", "queued", "sent", "delivered", "bounced", "redeemed", "revenueCents"],
        },
        PromotionInput: schema(ZPromotionInput),
        Filter: {
          ...(asComponent(schema(ZFilterGrammar), "Filter") as object),
          title: "Smart Filter v1",
          description: `The filter language of docs/filters.md. ${FILTER_LIMITS}`,
        },
        SegmentCountInput: withFilterRef(ZCountRequest),
        SegmentCustomersInput: withFilterRef(ZCustomersRequest),
        GroupInput: withFilterRef(ZCreateGroup),
        DealInput: schema(ZApiCreateDeal),
        DealPatch: schema(ZApiPatchDeal),
        Deal: {
          type: "object",
          description:
            "A daily deal of the key's merchant. sold: vouchers loaded for it; redeemed: of those, redeemed at the counter or through POST /api/v1/visits.",
          properties: {
            id: { type: "string", format: "uuid" },
            title: { type: "string" },
            priceCents: { type: "integer" },
            valueCents: { type: "integer" },
            currency: { type: "string", description: "The merchant's currency (ISO 4217)" },
            startsAt: instantOrNull,
            endsAt: instantOrNull,
            voucherExpiresAt: instantOrNull,
            quantity: { type: ["integer", "null"], description: "How many vouchers may be sold; null is no limit" },
            createdAt: { type: "string", format: "date-time" },
            sold: { type: "integer" },
            redeemed: { type: "integer" },
          },
          required: [
            "id",
            "title",
            "priceCents",
            "valueCents",
            "currency",
            "startsAt",
            "endsAt",
            "voucherExpiresAt",
            "quantity",
            "createdAt",
            "sold",
            "redeemed",
          ],
        },
        VoucherExtend: schema(ZApiExtendVoucher),
        Voucher: {
          type: "object",
          properties: {
            id: { type: "string", format: "uuid" },
            code: { type: "string" },
            dealId: { type: "string", format: "uuid" },
            status: { type: "string", enum: ["active", "redeemed", "void"] },
            purchaserName: { type: ["string", "null"] },
            purchaserEmail: { type: ["string", "null"] },
            purchasedAt: instantOrNull,
            expiresAt: instantOrNull,
            redeemedAt: instantOrNull,
            voidedAt: instantOrNull,
          },
          required: ["id", "code", "dealId", "status", "expiresAt", "redeemedAt", "voidedAt"],
        },
        WebhookEndpointInput: schema(ZWebhookEndpointInput),
        WebhookEndpointPatch: schema(ZWebhookEndpointPatch),
      },
    },
    paths: {
      "/api/health": {
        get: {
          summary: "Liveness and database reachability",
          security: [],
          responses: { "200": { description: "ok" }, "503": { description: "database unreachable" } },
        },
      },
      "/api/v1/customers": {
        post: {
          summary: "Create a customer, or match one by externalId, email (case-insensitive) or phone (E.164)",
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CustomerInput" } } } },
          responses: { "201": { description: `created.${CONSENT}` }, "200": { description: `matched an existing customer.${CONSENT}` }, ...errors },
        },
      },
      "/api/v1/customers/{id}": {
        get: {
          summary: "A customer with visit aggregates",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: { "200": { description: "the customer" }, ...errors },
        },
      },
      "/api/v1/visits": {
        post: {
          summary: "Record a visit; with voucherCode, a redemption",
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/VisitInput" } } } },
          responses: {
            "201": { description: `recorded: { id, customerId, localDate, localDayOfWeek, localHour, consent? }.${CONSENT}` },
            "409": problem,
            ...errors,
          },
        },
      },
      "/api/v1/vouchers": {
        post: {
          summary: "Bulk-load sold vouchers for a deal (up to 1,000)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/VoucherBatch" } } } },
          responses: {
            "201": {
              description:
                "{ created, unchanged, results: [{ code, result: created | unchanged }] }. Codes are unique per merchant: another business's codes neither block a load nor show through it.",
            },
            "200": { description: "nothing new" },
            ...errors,
          },
        },
      },
      "/api/v1/deals": {
        post: {
          summary: "Create a daily deal (title, price and value in cents, optional start, end, voucher expiry and quantity); audited",
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/DealInput" } } } },
          responses: {
            "201": { description: "the deal", ...{ content: { "application/json": { schema: { $ref: "#/components/schemas/Deal" } } } } },
            ...errors,
          },
        },
        get: {
          summary: "The merchant's daily deals, newest first, with their sold and redeemed vouchers",
          parameters: [
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
            { name: "cursor", in: "query", schema: { type: "string", format: "uuid" }, description: "nextCursor of the previous page" },
          ],
          responses: { "200": { description: "{ data: [Deal], nextCursor }" }, ...errors },
        },
      },
      "/api/v1/deals/{id}": {
        get: {
          summary: "One daily deal with its sold and redeemed vouchers",
          parameters: [ID_PARAM],
          responses: {
            "200": { description: "the deal", ...{ content: { "application/json": { schema: { $ref: "#/components/schemas/Deal" } } } } },
            ...errors,
          },
        },
        patch: {
          summary:
            "Change a deal; only the fields sent change, null clears a time or the quantity. Vouchers that carry the deal's expiry follow a changed voucherExpiresAt; a quantity below the vouchers sold is a 409 (audited)",
          parameters: [ID_PARAM],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/DealPatch" } } } },
          responses: {
            "200": { description: "the deal after the change", ...{ content: { "application/json": { schema: { $ref: "#/components/schemas/Deal" } } } } },
            "409": problem,
            ...errors,
          },
        },
      },
      "/api/v1/deals/{id}/report": {
        get: {
          summary:
            "The deal report: sold, redeemed, redemptionRate, returnedAtFullPrice { d30, d60, d90 } (redeemers back without a voucher within 30/60/90 days; rates in returnRate), returnRevenueCents, and campaigns: each campaign or automation that reached the deal's redeemers after they redeemed, with its lift against its own holdout among them",
          parameters: [ID_PARAM],
          responses: {
            "200": {
              description:
                "{ id, sold, redeemed, redemptionRate, returnedAtFullPrice, returnRate, maturing, returnRevenueCents, currency, campaigns: [{ id, name, automation, startedAt, emailed, heldOut, returned, redeemed, revenueCents, windowOpen, lift: { difference, low, high, verdict, sentence } }] }",
            },
            ...errors,
          },
        },
      },
      "/api/v1/vouchers/{code}/void": {
        post: {
          summary: "Void a deal's sold voucher that is not redeemed: the counter and POST /api/v1/visits then refuse it (audited; a campaign's code is a 404)",
          parameters: [CODE_PARAM],
          responses: {
            "200": { description: "the voucher, void", ...{ content: { "application/json": { schema: { $ref: "#/components/schemas/Voucher" } } } } },
            "409": { ...problem, description: "already redeemed, or already void" },
            ...errors,
          },
        },
      },
      "/api/v1/vouchers/{code}/extend": {
        post: {
          summary: "Move an active deal voucher's expiry later (audited)",
          parameters: [CODE_PARAM],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/VoucherExtend" } } } },
          responses: {
            "200": {
              description: "the voucher with its new expiry",
              ...{ content: { "application/json": { schema: { $ref: "#/components/schemas/Voucher" } } } },
            },
            "409": { ...problem, description: "redeemed or void" },
            ...errors,
          },
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
          responses: {
            "200": { description: "the campaign", content: { "application/json": { schema: { $ref: "#/components/schemas/Campaign" } } } },
            ...errors,
          },
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
        get: {
          summary: "One promotion",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: { "200": { description: "the promotion" }, ...errors },
        },
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
        get: {
          summary:
            "The API key's merchant: name, time zone, currency, postal address and branding; readyToSend says whether campaigns can send (they need the postal address)",
          responses: { "200": { description: "the merchant's settings" }, ...errors },
        },
        patch: {
          summary: "Change the merchant's settings; only the fields sent change (audited)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/MerchantUpdate" } } } },
          responses: { "200": { description: "the merchant's settings after the change" }, ...errors },
        },
      },
      "/api/v1/webhook-endpoints": {
        get: {
          summary: "The merchant's webhook endpoints with their last 24 hours of deliveries (never a secret)",
          responses: {
            "200": {
              description: "{ data: [{ id, url, description, events, disabledAt, disabledReason, failingSince, last24h: { succeeded, failed, pending } }] }",
            },
            ...errors,
          },
        },
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
        post: {
          summary: "A new signing secret; the old one signs beside it for 24 hours",
          parameters: [ID_PARAM],
          responses: { "200": { description: "{ id, secret, previousSecretExpiresAt }" }, ...errors },
        },
      },
      "/api/v1/webhook-endpoints/{id}/deliveries": {
        get: {
          summary: "The endpoint's delivery log, newest first, 50 a page",
          parameters: [
            ID_PARAM,
            { name: "cursor", in: "query", required: false, schema: { type: "string" }, description: "nextCursor of the previous page" },
            {
              name: "before",
              in: "query",
              required: false,
              schema: { type: "string", format: "date-time" },
              description: "nextBefore of the previous page (can skip deliveries of the same instant: prefer cursor)",
            },
          ],
          responses: {
            "200": {
              description:
                "{ data: [{ eventId, type, status, attempts, lastStatusCode, lastResponse, lastError, deliveredAt, createdAt, … }], nextCursor, nextBefore }",
            },
            ...errors,
          },
        },
      },
      "/api/v1/openapi.json": {
        get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } },
      },
      "/api/v1/dev/mailbox": {
        get: {
          summary: "Development mailbox (only without an email provider)",
          parameters: [{ name: "to", in: "query", schema: { type: "string" } }],
          responses: { "200": { description: "{ data: [...] }" }, ...errors },
        },
      },
    },
  };
}
