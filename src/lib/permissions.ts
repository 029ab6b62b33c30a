import { AppError } from "./errors";

// One permission table. Roles are ordered: an owner can do whatever a manager can, and so on.
export const ROLES = ["staff", "manager", "owner"] as const;
export type TRole = (typeof ROLES)[number];

export const PERMISSIONS = {
  "counter.capture": "staff",
  // The Best Customer List and the 360 are the back office: staff see the counter and what it needs (PRODUCT.md).
  "customers.view": "manager",
  "visits.editOwn": "staff",
  "visits.editAny": "manager",
  "customers.export": "manager",
  // The Customer 360's changes: details, consent withdrawal, notes, merge, erasure (features/customers).
  "customers.edit": "manager",
  "customers.merge": "manager",
  "customers.erase": "manager",
  "customers.import": "manager",
  "groups.manage": "manager",
  "promotions.manage": "manager",
  "campaigns.send": "manager",
  "apiKeys.manage": "manager",
  "webhooks.manage": "manager",
  "devices.pair": "manager",
  "settings.manage": "manager",
  "staff.manage": "owner",
  "audit.view": "owner",
  "billing.manage": "owner",
} as const satisfies Record<string, TRole>;

export type TPermission = keyof typeof PERMISSIONS;

/**
 * How a session was opened. A "counter" session came from a staff PIN on a paired tablet: a PIN
 * is short and the tablet is shared, so whatever the member's role it may use only what the
 * counter needs — find customers, look up vouchers, capture, and change its own captures within
 * the undo window. Anything missing from this list is refused to a counter session.
 */
export type TSessionKind = "password" | "counter" | "view";

export const COUNTER_SESSION_PERMISSIONS: ReadonlySet<TPermission> = new Set<TPermission>(["counter.capture", "visits.editOwn"]);

export const COUNTER_ONLY_MESSAGE = "This tablet is signed in for the counter only. Sign in with your password to do that.";

/**
 * A "view" session is a publisher admin's read-only view of a merchant (features/tenancy/view-as.ts):
 * it sees the manager's pages, and changes nothing — the chain refuses it every server action and
 * every route that is not a GET (request-chain.ts). Of the reads, these hand over customer data in
 * bulk and are refused as well.
 */
export const VIEW_SESSION_REFUSED: ReadonlySet<TPermission> = new Set<TPermission>(["customers.export", "customers.import"]);
export const VIEW_ONLY_MESSAGE = "This is a read-only view of the merchant: nothing can be changed or exported here.";

export const roleRank = (role: TRole) => ROLES.indexOf(role);

export function hasRole(role: TRole, atLeast: TRole): boolean {
  return roleRank(role) >= roleRank(atLeast);
}

export function can(role: TRole, permission: TPermission): boolean {
  return hasRole(role, PERMISSIONS[permission]);
}

/** What this session may do: the role's permission, narrowed to the counter's on a PIN session. */
export function allows(ctx: { role: TRole; sessionKind: TSessionKind }, permission: TPermission): boolean {
  if (ctx.sessionKind === "counter" && !COUNTER_SESSION_PERMISSIONS.has(permission)) return false;
  if (ctx.sessionKind === "view" && VIEW_SESSION_REFUSED.has(permission)) return false;
  return can(ctx.role, permission);
}

/** First line of every action and handler that needs more than membership. */
export function requirePermission(ctx: { role: TRole; sessionKind: TSessionKind }, permission: TPermission): void {
  if (ctx.sessionKind === "counter" && !COUNTER_SESSION_PERMISSIONS.has(permission)) {
    throw new AppError("FORBIDDEN", COUNTER_ONLY_MESSAGE, { details: { counterOnly: true } });
  }
  if (ctx.sessionKind === "view" && VIEW_SESSION_REFUSED.has(permission)) throw new AppError("FORBIDDEN", VIEW_ONLY_MESSAGE, { details: { readOnly: true } });
  if (!can(ctx.role, permission)) {
    throw new AppError(
      "FORBIDDEN",
      PERMISSIONS[permission] === "owner" ? "Only an owner can do that." : `Only a ${PERMISSIONS[permission]} or above can do that.`,
    );
  }
}
