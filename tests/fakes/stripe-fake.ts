import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

// A local stand-in for the parts of Stripe's API that billing uses, so tests run the real `stripe`
// SDK (pointed here with host/port/protocol) and see the real request shapes: form-encoded bodies,
// Idempotency-Key, list objects, error envelopes. State is in memory and inspectable; the test
// moves a subscription along (pay, fail, cancel) and signs the webhook events it would send with
// the SDK's own test-header helper.

type TObj = Record<string, unknown> & { id: string };
export type TFakeRequest = { method: string; path: string; query: Record<string, unknown>; body: Record<string, unknown>; idempotencyKey: string | null };

/** Parses Stripe's form encoding (`a[b][0][c]=v`) into nested objects and arrays. */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const [k, v = ""] = pair.split("=").map((s) => decodeURIComponent(s.replace(/\+/g, " ")));
    const path = k!.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = out;
    path.forEach((seg, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1]!);
      if (last) {
        if (Array.isArray(node)) (node as unknown[]).push(v);
        else node[seg] = v;
        return;
      }
      const key = seg === "" && Array.isArray(node) ? String((node as unknown[]).length) : seg;
      node[key] ??= nextIsIndex ? [] : {};
      node = node[key] as Record<string, unknown>;
    });
  }
  // Arrays written with explicit indexes became sparse objects on arrays: normalise.
  const fix = (x: unknown): unknown =>
    Array.isArray(x) ? Object.values(x).map(fix) : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).map(([a, b]) => [a, fix(b)])) : x;
  return fix(out) as Record<string, unknown>;
}

export async function startStripeFake() {
  const requests: TFakeRequest[] = [];
  const store = {
    customers: new Map<string, TObj>(),
    products: new Map<string, TObj>(),
    prices: new Map<string, TObj>(),
    meters: new Map<string, TObj>(),
    webhookEndpoints: new Map<string, TObj>(),
    checkoutSessions: new Map<string, TObj>(),
    subscriptions: new Map<string, TObj>(),
    portalSessions: new Map<string, TObj>(),
  };
  /** Meter events kept, one per identifier (Stripe refuses a repeated identifier). */
  const meterEvents = new Map<string, TObj>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  let seq = 0;
  const id = (prefix: string) => `${prefix}_fake${(++seq).toString().padStart(6, "0")}`;
  const now = () => Math.floor(Date.now() / 1000);
  /** Answer these statuses to the next requests (e.g. [500]) before working normally. */
  const failNext: number[] = [];

  const list = (data: TObj[], url: string) => ({ object: "list", data, has_more: false, url });
  const notFound = (what: string) => ({
    status: 404,
    body: { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}` } },
  });

  function route(method: string, path: string, query: Record<string, unknown>, body: Record<string, unknown>): { status: number; body: unknown } {
    const m = (re: RegExp) => path.match(re);
    let g: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/customers") {
      const c = { id: id("cus"), object: "customer", email: body.email ?? null, name: body.name ?? null, metadata: body.metadata ?? {} };
      store.customers.set(c.id, c);
      return { status: 200, body: c };
    }
    if (method === "GET" && (g = m(/^\/v1\/customers\/([^/]+)$/)))
      return store.customers.get(g[1]!) ? { status: 200, body: store.customers.get(g[1]!) } : notFound("customer");
    if (method === "POST" && path === "/v1/products") {
      const p = { id: id("prod"), object: "product", name: body.name, metadata: body.metadata ?? {}, active: true };
      store.products.set(p.id, p);
      return { status: 200, body: p };
    }
    if (method === "GET" && path === "/v1/products") return { status: 200, body: list([...store.products.values()], path) };
    if (method === "POST" && path === "/v1/prices") {
      const lookup = body.lookup_key as string | undefined;
      if (lookup && body.transfer_lookup_key !== "true") {
        for (const p of store.prices.values())
          if (p.lookup_key === lookup)
            return { status: 400, body: { error: { type: "invalid_request_error", message: `A price (${p.id}) already uses that lookup key.` } } };
      }
      if (lookup) for (const p of store.prices.values()) if (p.lookup_key === lookup) p.lookup_key = null;
      const p = {
        id: id("price"),
        object: "price",
        active: true,
        currency: body.currency,
        unit_amount: body.unit_amount ? Number(body.unit_amount) : null,
        lookup_key: lookup ?? null,
        product: body.product,
        recurring: body.recurring ?? null,
        metadata: body.metadata ?? {},
        tiers: body.tiers ?? null,
        billing_scheme: body.billing_scheme ?? "per_unit",
      };
      store.prices.set(p.id, p);
      return { status: 200, body: p };
    }
    if (method === "GET" && path === "/v1/prices") {
      const keys = (query.lookup_keys as string[] | undefined) ?? [];
      const data = [...store.prices.values()].filter((p) => p.active && (keys.length === 0 || keys.includes(p.lookup_key as string)));
      return { status: 200, body: list(data, path) };
    }
    if (method === "POST" && path === "/v1/billing/meters") {
      const mt = {
        id: id("mtr"),
        object: "billing.meter",
        event_name: body.event_name,
        display_name: body.display_name,
        status: "active",
        default_aggregation: body.default_aggregation,
      };
      store.meters.set(mt.id, mt);
      return { status: 200, body: mt };
    }
    if (method === "GET" && path === "/v1/billing/meters") return { status: 200, body: list([...store.meters.values()], path) };
    if (method === "POST" && path === "/v1/billing/meter_events") {
      const identifier = (body.identifier as string | undefined) ?? id("mev");
      if (meterEvents.has(identifier)) {
        return {
          status: 400,
          body: { error: { type: "invalid_request_error", code: "duplicate_meter_event", message: `An event already exists with identifier ${identifier}.` } },
        };
      }
      const ev = {
        id: identifier,
        object: "billing.meter_event",
        identifier,
        event_name: body.event_name,
        payload: body.payload,
        timestamp: Number(body.timestamp ?? now()),
      };
      meterEvents.set(identifier, ev);
      return { status: 200, body: ev };
    }
    if (method === "POST" && path === "/v1/webhook_endpoints") {
      const w = { id: id("we"), object: "webhook_endpoint", url: body.url, enabled_events: body.enabled_events, secret: `whsec_fake${seq}`, status: "enabled" };
      store.webhookEndpoints.set(w.id, w);
      return { status: 200, body: w };
    }
    if (method === "GET" && path === "/v1/webhook_endpoints")
      return {
        status: 200,
        body: list(
          [...store.webhookEndpoints.values()].map(({ secret: _s, ...w }) => w as TObj),
          path,
        ),
      };
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const s = {
        id: id("cs"),
        object: "checkout.session",
        url: "",
        status: "open",
        mode: body.mode,
        customer: body.customer ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        line_items_params: body.line_items,
        subscription_data: body.subscription_data ?? {},
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        subscription: null,
      };
      s.url = `https://checkout.stripe.test/c/${s.id}`;
      store.checkoutSessions.set(s.id, s);
      return { status: 200, body: s };
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      if (!store.customers.has(body.customer as string)) return notFound("customer");
      const s = { id: id("bps"), object: "billing_portal.session", customer: body.customer, return_url: body.return_url, url: "" };
      s.url = `https://billing.stripe.test/p/${s.id}`;
      store.portalSessions.set(s.id, s);
      return { status: 200, body: s };
    }
    if (method === "GET" && (g = m(/^\/v1\/subscriptions\/([^/]+)$/)))
      return store.subscriptions.get(g[1]!) ? { status: 200, body: store.subscriptions.get(g[1]!) } : notFound("subscription");
    if (method === "POST" && (g = m(/^\/v1\/subscriptions\/([^/]+)$/))) {
      const s = store.subscriptions.get(g[1]!);
      if (!s) return notFound("subscription");
      if (body.metadata) s.metadata = { ...(s.metadata as object), ...(body.metadata as object) };
      const items = (body.items as { id?: string; quantity?: string }[] | undefined) ?? [];
      for (const it of items) {
        const item = (s.items as { data: TObj[] }).data.find((x) => x.id === it.id) ?? (s.items as { data: TObj[] }).data[0]!;
        if (it.quantity !== undefined) item.quantity = Number(it.quantity);
      }
      return { status: 200, body: s };
    }
    return { status: 404, body: { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } } };
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const body = parseForm(Buffer.concat(chunks).toString("utf8"));
      const query = parseForm(url.search.slice(1));
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      requests.push({ method: req.method ?? "", path: url.pathname, query, body, idempotencyKey: key });
      let answer: { status: number; body: unknown };
      const failure = failNext.shift();
      if (failure) answer = { status: failure, body: { error: { type: "api_error", message: "The fake failed on purpose." } } };
      else if (key && req.method === "POST" && idempotent.has(key)) answer = idempotent.get(key)!;
      else {
        answer = route(req.method ?? "", url.pathname, query, body);
        if (key && req.method === "POST") idempotent.set(key, answer);
      }
      res.writeHead(answer.status, { "content-type": "application/json", "request-id": `req_${seq}` });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  /** A subscription as Stripe would hold it after a Checkout (or a publisher's subscription). */
  function createSubscription(opts: {
    customer: string;
    lookupKey: string;
    status?: string;
    metadata?: Record<string, string>;
    trialEnd?: number | null;
    quantity?: number;
  }): TObj {
    const price = [...store.prices.values()].find((p) => p.lookup_key === opts.lookupKey) ?? { id: id("price"), object: "price", lookup_key: opts.lookupKey };
    const start = now();
    const sub: TObj = {
      id: id("sub"),
      object: "subscription",
      customer: opts.customer,
      status: opts.status ?? "active",
      metadata: opts.metadata ?? {},
      cancel_at_period_end: false,
      trial_end: opts.trialEnd ?? null,
      created: start,
      items: {
        object: "list",
        data: [
          {
            id: id("si"),
            object: "subscription_item",
            price,
            quantity: opts.quantity ?? 1,
            current_period_start: start,
            current_period_end: start + 30 * 86_400,
          },
        ],
      },
    };
    store.subscriptions.set(sub.id, sub);
    return sub;
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    store,
    meterEvents,
    failNext,
    createSubscription,
    /** Sets fields of a stored subscription (status, cancel_at_period_end …) as Stripe would after a change. */
    updateSubscription(subId: string, patch: Record<string, unknown>) {
      Object.assign(store.subscriptions.get(subId)!, patch);
      return store.subscriptions.get(subId)!;
    },
    /** The environment that points the app's SDK here. */
    env: { STRIPE_API_HOST: "127.0.0.1", STRIPE_API_PORT: String(port), STRIPE_API_PROTOCOL: "http" },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TStripeFake = Awaited<ReturnType<typeof startStripeFake>>;

let eventSeq = 0;
/** A webhook event as Stripe sends it; `created` orders events (earlier = older). */
export function stripeEvent(type: string, object: Record<string, unknown>, opts: { id?: string; created?: number } = {}) {
  return {
    id: opts.id ?? `evt_fake${Date.now()}${++eventSeq}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: opts.created ?? Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: JSON.parse(JSON.stringify(object)) },
  };
}

/** The body and Stripe-Signature header of an event, signed with the SDK's own test helper. */
export function signEvent(event: object, secret: string, opts: { timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
  return { payload, header };
}
