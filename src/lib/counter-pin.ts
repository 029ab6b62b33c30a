import "server-only";
import { db } from "./db";
import { withPlatform, withTenant } from "./tenant";
import { verifyPassword } from "./password";
import { clearFailures, lockedUntil, recordFailure, type TLockoutPolicy } from "./throttle";
import { sha256 } from "./tokens";
import { recordAudit } from "./audit";

// Staff PINs are short, so guessing is bounded twice: per member (5 free failures) and per tablet
// (10, since several people share it). Past that, a lockout that doubles with each further failure.
// Failures are forgotten after a quiet day.
export const PIN_MEMBER_POLICY: TLockoutPolicy = { freeFailures: 5, firstLockSeconds: 60, maxLockSeconds: 60 * 60, forgetAfterSeconds: 24 * 60 * 60 };
export const PIN_DEVICE_POLICY: TLockoutPolicy = { ...PIN_MEMBER_POLICY, freeFailures: 10 };

export const PIN_AUDIT_ACTIONS = { failed: "counter.pin_failed", locked: "counter.pin_locked" } as const;

export const pinMemberKey = (merchantId: string, userId: string) => `pin-member:${merchantId}:${userId}`;

export function pinThrottleKeys(merchantId: string, deviceId: string, userId: string) {
  return { device: `pin-device:${deviceId}`, member: pinMemberKey(merchantId, userId) };
}

export function pinLockedMessage(until: Date, now = Date.now()): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now) / 60_000));
  return `Too many wrong PINs. Try again in ${minutes === 1 ? "1 minute" : `${minutes} minutes`}.`;
}

export class PinLockedError extends Error {
  constructor(readonly until: Date) {
    super(pinLockedMessage(until));
    this.name = "PinLockedError";
  }
}

/**
 * Checks a staff PIN typed on a paired tablet. Returns the member, or null for a wrong PIN, an
 * unknown or unpaired tablet, or another merchant's tablet. Throws PinLockedError while the member
 * or the tablet is locked out — even for the right PIN — and when this failure starts a lockout.
 */
export async function verifyCounterPin(input: { deviceSecret: string; merchantSlug: string; userId: string; pin: string }) {
  // The tablet's secret names its merchant: a lookup by the secret's hash, across merchants.
  const device = await withPlatform("counter tablet lookup by secret", () =>
    db.counterDevice.findUnique({
      where: { tokenHash: sha256(input.deviceSecret) },
      select: { id: true, name: true, merchantId: true, revokedAt: true, merchant: { select: { slug: true } } },
    }),
  );
  if (!device || device.revokedAt || device.merchant.slug !== input.merchantSlug) return null;
  return withTenant(device.merchantId, () => checkPin(device, input));
}

async function checkPin(device: { id: string; name: string; merchantId: string }, input: { userId: string; pin: string }) {
  const keys = pinThrottleKeys(device.merchantId, device.id, input.userId);
  const locked = await lockedUntil([keys.device, keys.member]);
  if (locked) throw new PinLockedError(locked);

  const membership = await db.membership.findUnique({
    where: { merchantId_userId: { merchantId: device.merchantId, userId: input.userId } },
    select: { pinHash: true, user: { select: { id: true, email: true, name: true, disabledAt: true } } },
  });
  if (!membership?.pinHash || !(await verifyPassword(input.pin, membership.pinHash))) {
    const lock = await recordPinFailure(device, input.userId, membership !== null, keys);
    if (lock) throw new PinLockedError(lock);
    return null;
  }
  // A success forgets the member's failures, not the tablet's: those may be someone else's guesses.
  await clearFailures([keys.member]);
  // A disabled user's PIN opens nothing (platform admin; lib/auth.ts ends their other sessions).
  if (membership.user.disabledAt) return null;
  await db.counterDevice.update({ where: { merchantId_id: { merchantId: device.merchantId, id: device.id } }, data: { lastSeenAt: new Date() } });
  const { disabledAt: _d, ...user } = membership.user;
  return { user, merchantId: device.merchantId, deviceId: device.id };
}

async function recordPinFailure(
  device: { id: string; merchantId: string; name: string },
  userId: string,
  isMember: boolean,
  keys: { device: string; member: string },
): Promise<Date | null> {
  const member = await recordFailure([keys.member], PIN_MEMBER_POLICY);
  const tablet = await recordFailure([keys.device], PIN_DEVICE_POLICY);
  const lock = [member.lockedUntil, tablet.lockedUntil].reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null);
  // A made-up member id is recorded against the tablet, never as a membership.
  const entity = isMember ? { entityType: "Membership", entityId: userId } : { entityType: "CounterDevice", entityId: device.id };
  const data = { deviceId: device.id, deviceName: device.name, userId, memberFailures: member.failures, deviceFailures: tablet.failures };
  await recordAudit({ merchantId: device.merchantId, action: PIN_AUDIT_ACTIONS.failed, ...entity, data });
  if (lock) {
    const lockedKeys = [member.lockedUntil ? "member" : null, tablet.lockedUntil ? "tablet" : null].filter((k): k is string => k !== null);
    await recordAudit({
      merchantId: device.merchantId,
      action: PIN_AUDIT_ACTIONS.locked,
      ...entity,
      data: { ...data, lockedUntil: lock.toISOString(), lockedKeys },
    });
  }
  return lock;
}
