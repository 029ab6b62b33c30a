// The tenant scope of the work in progress (issue 12): which rows PostgreSQL's row-level security
// lets this work see. Every connection the app's pool hands out first carries the scope of the
// code that asked for it (src/lib/db.ts), so a query that forgets its merchant filter still sees
// only its own merchant's rows — and, outside any scope, none at all. Plain Node, no server-only:
// the worker and the CLI enter scopes too.
import { AsyncLocalStorage } from "node:async_hooks";
// Next's own per-request store, an ".external" module: one instance shared by every bundle of the
// server (pages, route handlers, actions), unlike this file, which a bundle may load twice.
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";

export type TTenantScope =
  | { kind: "merchant"; merchantId: string }
  | { kind: "publisher"; publisherId: string }
  /** A named cross-merchant path: the reason is for the reader and the logs. */
  | { kind: "platform"; reason: string }
  | { kind: "none" };

// On globalThis: a module loaded twice (a test's files and the app's modules, Next's bundles) must
// still share one store, or a scope opened through one copy would be invisible to the pool's.
const g = globalThis as { regularsTenantScope?: AsyncLocalStorage<TTenantScope> };
const storage = (g.regularsTenantScope ??= new AsyncLocalStorage<TTenantScope>());

/**
 * Runs fn in the scope. Prisma's promises are lazy — a query starts when something calls then() —
 * so a thenable fn returns is started here, inside the scope, not where the caller awaits it.
 */
function runIn<T>(scope: TTenantScope, fn: () => T): T {
  return storage.run(scope, () => {
    const result = fn();
    if (result && typeof (result as { then?: unknown }).then === "function") {
      return (result as unknown as PromiseLike<unknown>).then((v) => v) as T;
    }
    return result;
  });
}

// A server component cannot wrap the rest of its render in a callback, so the page's context
// resolution (features/tenancy/queries.ts) records the request's scope against the request itself:
// Next's work-unit store, one object per server request, reachable from every async step of it.
// (React's cache() looked the same but broke in the built app: a module loaded by two bundles got
// two caches, and the pool read the one nobody wrote — every page read nothing.)
const requestScopes = ((globalThis as { regularsRequestScopes?: WeakMap<object, TTenantScope> }).regularsRequestScopes ??= new WeakMap());
const requestKey = (): object | undefined => workUnitAsyncStorage.getStore() ?? undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checked(id: string, what: string): string {
  if (!UUID.test(id)) throw new Error(`${what} must be a uuid to open a tenant scope`);
  return id;
}

/** Runs `fn` as one merchant's work: its queries see that merchant's rows and nothing else. */
export function withTenant<T>(merchantId: string, fn: () => T): T {
  return runIn({ kind: "merchant", merchantId: checked(merchantId, "merchantId") }, fn);
}

/** Runs `fn` as a publisher's console: the rows of the merchants of that publisher. */
export function withPublisher<T>(publisherId: string, fn: () => T): T {
  return runIn({ kind: "publisher", publisherId: checked(publisherId, "publisherId") }, fn);
}

/**
 * Runs `fn` across every merchant. Only for the named paths listed in docs/operations.md
 * (pre-sign-in lookups by a secret, the worker's sweeps, the platform admin, the CLI and seed):
 * grep for withPlatform to audit them.
 */
export function withPlatform<T>(reason: string, fn: () => T): T {
  return runIn({ kind: "platform", reason }, fn);
}

/** Runs `fn` with no tenant: it sees and changes no tenant row (tests of the policies). */
export function withoutTenant<T>(fn: () => T): T {
  return runIn({ kind: "none" }, fn);
}

/** Records the scope of the current server request (pages); see requestScopes above. */
export function enterRequestScope(scope: TTenantScope) {
  const key = requestKey();
  if (key) requestScopes.set(key, scope);
}

/** The scope of the work in progress: the innermost withTenant/withPublisher/withPlatform, else the page's, else none. */
export function currentScope(): TTenantScope {
  const key = requestKey();
  return storage.getStore() ?? (key && requestScopes.get(key)) ?? { kind: "none" };
}

/** The three settings the policies read (prisma/migrations/…_row_level_security), and a key to compare connections by. */
export function scopeSettings(scope: TTenantScope): { key: string; merchantId: string; publisherId: string; scope: string } {
  switch (scope.kind) {
    case "merchant":
      return { key: `m:${scope.merchantId}`, merchantId: scope.merchantId, publisherId: "", scope: "" };
    case "publisher":
      return { key: `p:${scope.publisherId}`, merchantId: "", publisherId: scope.publisherId, scope: "" };
    case "platform":
      return { key: "platform", merchantId: "", publisherId: "", scope: "platform" };
    case "none":
      return { key: "", merchantId: "", publisherId: "", scope: "" };
  }
}
