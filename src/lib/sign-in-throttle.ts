import "server-only";
import { db } from "./db";
import { log } from "./logger";
import { withPlatform } from "./tenant";
import { clearFailures, lockedUntil, recordFailure, takeToken, type TLockoutPolicy, type TThrottleResult } from "./throttle";
import { sha256 } from "./tokens";

// Limits on password sign-in and email-link requests, held in PostgreSQL (lib/throttle.ts) so
// they hold across app instances. Password guesses lock an account and an address out for a
// doubling time (each guess costs an scrypt hash); email links are a steady rate per address and
// per mailbox, so nobody can fill an inbox. Accounts that do not exist are counted exactly like
// those that do: a lockout must not reveal which addresses have accounts.

/** Per account: five wrong passwords, then 5 minutes, doubling up to an hour. */
export const PASSWORD_ACCOUNT_POLICY: TLockoutPolicy = { freeFailures: 5, firstLockSeconds: 300, maxLockSeconds: 3600, forgetAfterSeconds: 3600 };
/** Per client address: generous, since an office or a phone carrier shares one address. */
export const PASSWORD_IP_POLICY: TLockoutPolicy = { freeFailures: 30, firstLockSeconds: 300, maxLockSeconds: 3600, forgetAfterSeconds: 3600 };
/** Per mailbox: three links at once, then one every 5 minutes. */
export const MAGIC_LINK_EMAIL_BUCKET = { capacity: 3, refillPerSecond: 1 / 300 };
/** Per client address: ten links at once, then one a minute. */
export const MAGIC_LINK_IP_BUCKET = { capacity: 10, refillPerSecond: 1 / 60 };

// Keys carry a hash, not the address itself: rate_limits holds no personal data.
const accountKey = (email: string) => `sign-in-account:${sha256(email.toLowerCase()).slice(0, 32)}`;
const passwordIpKey = (ip: string) => `sign-in-ip:${ip}`;

const secondsUntil = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));

/** Before checking a password: how long this account or address must still wait, or null. */
export async function passwordLockout(email: string, ip: string): Promise<number | null> {
  const until = await lockedUntil([accountKey(email), passwordIpKey(ip)]);
  return until ? secondsUntil(until) : null;
}

/**
 * Counts a wrong password against the account and the address, records it (never the password),
 * and says how long they are now locked out, or null.
 */
export async function recordPasswordFailure(email: string, ip: string, userId: string | null): Promise<number | null> {
  const [account, address] = await Promise.all([
    recordFailure([accountKey(email)], PASSWORD_ACCOUNT_POLICY),
    recordFailure([passwordIpKey(ip)], PASSWORD_IP_POLICY),
  ]);
  const until = [account.lockedUntil, address.lockedUntil].reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null);
  const fields = { method: "password", userId, ip, accountFailures: account.failures, ipFailures: address.failures, lockedUntil: until };
  log.warn(until ? "sign-in locked out" : "sign-in refused", fields);
  if (userId) {
    // An audit entry of no merchant (a user's sign-in): a named platform path.
    await withPlatform("audit entry of a sign-in", () =>
      db.auditLog.create({
        data: {
          actorUserId: null,
          action: until ? "user.sign_in_locked" : "user.sign_in_failed",
          entityType: "User",
          entityId: userId,
          data: { method: "password", ip, failures: account.failures, lockedUntil: until?.toISOString() ?? null },
        },
      }),
    );
  }
  return until ? secondsUntil(until) : null;
}

/** After a right password: the account's count starts again (the address's does not, or one good account would reset it). */
export async function clearPasswordFailures(email: string): Promise<void> {
  await clearFailures([accountKey(email)]);
}

/** One email-link request from this address for this mailbox, or how long to wait. */
export async function takeMagicLinkToken(email: string, ip: string): Promise<TThrottleResult> {
  const address = await takeToken(`magic-link-ip:${ip}`, MAGIC_LINK_IP_BUCKET);
  if (!address.ok) return address;
  return takeToken(`magic-link-email:${sha256(email.toLowerCase()).slice(0, 32)}`, MAGIC_LINK_EMAIL_BUCKET);
}
