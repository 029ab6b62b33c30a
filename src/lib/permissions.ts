import { AppError } from "./errors";

// One permission table. Roles are ordered: an owner can do whatever a manager can, and so on.
export const ROLES = ["staff", "manager", "owner"] as const;
export type TRole = (typeof ROLES)[number];

export const PERMISSIONS = {
  "counter.capture": "staff",
  "customers.view": "staff",
  "visits.editOwn": "staff",
  "visits.editAny": "manager",
  "customers.export": "manager",
  "customers.import": "manager",
  "groups.manage": "manager",
  "promotions.manage": "manager",
  "campaigns.send": "manager",
  "apiKeys.manage": "manager",
  "devices.pair": "manager",
  "settings.manage": "manager",
  "staff.manage": "owner",
  "billing.manage": "owner",
} as const satisfies Record<string, TRole>;

export type TPermission = keyof typeof PERMISSIONS;

export const roleRank = (role: TRole) => ROLES.indexOf(role);

export function hasRole(role: TRole, atLeast: TRole): boolean {
  return roleRank(role) >= roleRank(atLeast);
}

export function can(role: TRole, permission: TPermission): boolean {
  return hasRole(role, PERMISSIONS[permission]);
}

/** First line of every action and handler that needs more than membership. */
export function requirePermission(ctx: { role: TRole }, permission: TPermission): void {
  if (!can(ctx.role, permission)) {
    throw new AppError("FORBIDDEN", `Only a ${PERMISSIONS[permission]} or above can do that.`);
  }
}
