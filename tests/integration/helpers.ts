import { createApiKey } from "@/features/tenancy/api-keys";
import { createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { platformDb, type Db } from "@/lib/db";
import { withPlatform, withPublisher, withTenant } from "@/lib/tenant";

let n = 0;

/** A merchant with an owner, a staff member and an API key, made through the same feature functions the app uses. */
export function makeMerchant(name = "Test Merchant", timeZone = "America/New_York") {
  // As the operator CLI does: a named platform path.
  return withPlatform("test arrangement: a merchant", () => makeMerchantAsOperator(name, timeZone));
}

async function makeMerchantAsOperator(name: string, timeZone: string) {
  n += 1;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${n}-${Math.random().toString(36).slice(2, 6)}`;
  const merchant = await createMerchant({ name, slug, timeZone });
  const owner = await createUser({ email: `owner-${slug}@example.com`, name: "Owner", password: "owner-password-1", merchantSlug: slug, role: "owner" });
  const staff = await createUser({ email: `staff-${slug}@example.com`, name: "Staff", password: "staff-password-1", merchantSlug: slug, role: "staff" });
  const apiKey = await createApiKey(merchant.id, "test", owner.id);
  return { merchant, owner, staff, apiKey: apiKey.key };
}

type TJson = Record<string, unknown>;

/** Calls a route handler as Next would, with an API key, an Idempotency-Key and a JSON body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers differ only in their params type
export function callRoute(
  handler: (req: Request, route: { params: Promise<any> }) => Promise<Response>,
  path: string,
  opts: { key?: string; body?: unknown; idem?: string; method?: string; params?: TJson } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.idem) headers["idempotency-key"] = opts.idem;
  const req = new Request(`http://localhost${path}`, {
    method: opts.method ?? "POST",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return handler(req, { params: Promise.resolve(opts.params ?? {}) });
}

/**
 * The tests' own arrangements and checks act as an operator would, across merchants: this client's
 * connections are all in the platform scope (row-level security; docs/operations.md). The code
 * under test uses the app's `db` (src/lib/db.ts), which sees nothing until an entry point — or the
 * test, with withTenant — opens a tenant scope: the harness never lends it the platform scope.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const c = platformDb();
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});

/**
 * A feature function, called as its entry point (an action, a route, a job) would call it: inside
 * the tenant scope of the merchant its argument `at` (the first by default) names — a merchant id,
 * a merchant, or an object with a merchantId or a merchant.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any feature function one of whose arguments names the merchant
export function inTenantOf<F extends (...args: any[]) => any>(fn: F, at = 0): F {
  return ((...args: unknown[]) => withTenant(merchantIdOf(args[at]), () => fn(...args))) as F;
}

function merchantIdOf(arg: unknown): string {
  if (typeof arg === "string") return arg;
  const o = arg as { id?: string; merchantId?: string; merchant?: { id: string } } | null;
  const id = o?.merchantId ?? o?.merchant?.id ?? o?.id;
  if (typeof id !== "string") throw new Error("inTenantOf: that argument names no merchant");
  return id;
}

/**
 * A publisher console function, called as the console calls it: inside the publisher scope of the
 * publisher its argument `at` names — a publisher id, or an object with a publisherId.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any feature function one of whose arguments names the publisher
export function inPublisherOf<F extends (...args: any[]) => any>(fn: F, at = 0): F {
  return ((...args: unknown[]) => {
    const arg = args[at];
    const id = typeof arg === "string" ? arg : (arg as { publisherId?: string } | null)?.publisherId;
    if (typeof id !== "string") throw new Error("inPublisherOf: that argument names no publisher");
    return withPublisher(id, () => fn(...args));
  }) as F;
}
