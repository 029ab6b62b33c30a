import "server-only";
import { takeToken, type TThrottleResult } from "@/lib/throttle";
import { sha256 } from "@/lib/tokens";

// Limits on the public referral doors (lib/throttle.ts, rate_limits): per client address, per link
// and per friend's address, so nobody can fill an inbox, mint codes in bulk or probe addresses.
// Keys carry hashes, not the address or the code.

/** Per client address: five sign-ups at once, then one a minute. */
export const REFERRAL_IP_BUCKET = { capacity: 5, refillPerSecond: 1 / 60 };
/** Per link: twenty friends at once, then one every 3 minutes. */
export const REFERRAL_LINK_BUCKET = { capacity: 20, refillPerSecond: 1 / 180 };
/** Per friend's address: two at once, then one an hour. */
export const REFERRAL_EMAIL_BUCKET = { capacity: 2, refillPerSecond: 1 / 3600 };
/** Shares counted per address and link: three at once, then one a minute. */
export const SHARE_BUCKET = { capacity: 3, refillPerSecond: 1 / 60 };

const h = (s: string) => sha256(s).slice(0, 32);

export async function takeReferralSignUpToken(ip: string, code: string, email: string): Promise<TThrottleResult> {
  for (const [key, bucket] of [
    [`referral-ip:${ip}`, REFERRAL_IP_BUCKET],
    [`referral-link:${h(code)}`, REFERRAL_LINK_BUCKET],
    [`referral-email:${h(email.trim().toLowerCase())}`, REFERRAL_EMAIL_BUCKET],
  ] as const) {
    const taken = await takeToken(key, bucket);
    if (!taken.ok) return taken;
  }
  return { ok: true };
}

export const takeShareToken = (ip: string, code: string) => takeToken(`referral-share:${h(`${ip}:${code}`)}`, SHARE_BUCKET);
