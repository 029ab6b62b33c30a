import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { redirect } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { clientIp } from "./client-ip";
import { withTenant } from "./tenant";
import { db } from "./db";
import { env, sessionSecret } from "./env";
import { log } from "./logger";
import { verifyPassword } from "./password";
import { safeRedirectPath } from "./safe-redirect";
import { ACCOUNT_DISABLED_CODE, throttledErrorCode } from "./sign-in-errors";
import { clearPasswordFailures, passwordLockout, recordPasswordFailure } from "./sign-in-throttle";
import { sha256 } from "./tokens";
import { verifyCounterPin } from "./counter-pin";

// Sign-in: email + password, one-time email links, and a staff PIN on a paired counter tablet.
// Sessions are JWTs holding only the user id; memberships are read on every request, so removing
// someone from a merchant takes effect at once.

export const COUNTER_DEVICE_COOKIE = "regulars_counter_device";

const ZPasswordCredentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });
const ZMagicCredentials = z.object({ token: z.string().min(20).max(200) });
const ZPinCredentials = z.object({ merchantSlug: z.string().min(1), userId: z.string().uuid(), pin: z.string().regex(/^\d{4,6}$/) });

function cookieFrom(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const raw = headers?.cookie;
  if (typeof raw !== "string") return undefined;
  for (const part of raw.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

type TAuthUser = { id: string; email: string; name: string; counterMerchantId?: string; counterDeviceId?: string };

async function touchSignIn(userId: string) {
  await db.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } });
}

/** What the session callback exposes from the JWT; getCurrentUser checks it against the database. */
type TSessionClaims = { id?: string; counterMerchantId?: string | null; counterDeviceId?: string | null; counterSignedInAt?: number | null };

/** A PIN session lasts one shift at most, whatever the password session's lifetime. */
export const COUNTER_SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  // Read when next-auth signs or reads a session, not when this module loads.
  get secret() {
    return sessionSecret();
  },
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      id: "password",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req): Promise<TAuthUser | null> {
        const parsed = ZPasswordCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(req?.headers);
        // Checked before the scrypt hash, so a locked-out guesser costs one indexed read.
        // A thrown message reaches the sign-in form as next-auth's `error` code.
        const wait = await passwordLockout(email, ip);
        if (wait) throw new Error(throttledErrorCode(wait));
        const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
        const ok = await verifyPassword(password, user?.passwordHash);
        if (!user || !ok) {
          const locked = await recordPasswordFailure(email, ip, user?.id ?? null);
          if (locked) throw new Error(throttledErrorCode(locked));
          return null;
        }
        await clearPasswordFailures(email);
        // Said only to someone who knew the password: a disabled account is not a secret from its owner.
        if (user.disabledAt) throw new Error(ACCOUNT_DISABLED_CODE);
        await touchSignIn(user.id);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    Credentials({
      id: "magic-link",
      name: "Email link",
      credentials: { token: { label: "Token", type: "text" } },
      async authorize(raw): Promise<TAuthUser | null> {
        const parsed = ZMagicCredentials.safeParse(raw);
        if (!parsed.success) return null;
        // Single use: the update only matches an unused, unexpired token.
        const used = await db.magicLinkToken.updateManyAndReturn({
          where: { tokenHash: sha256(parsed.data.token), usedAt: null, expiresAt: { gt: new Date() } },
          data: { usedAt: new Date() },
        });
        const email = used[0]?.email;
        if (!email) return null;
        // A link sent before the account was disabled opens nothing.
        const disabled = await db.user.findFirst({ where: { email, disabledAt: { not: null } }, select: { id: true } });
        if (disabled) return null;
        const user = await db.user.update({ where: { email }, data: { emailVerifiedAt: new Date(), lastSignInAt: new Date() } });
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    Credentials({
      id: "counter-pin",
      name: "Counter PIN",
      credentials: {
        merchantSlug: { label: "Merchant", type: "text" },
        userId: { label: "Staff member", type: "text" },
        pin: { label: "PIN", type: "password" },
      },
      async authorize(raw, req): Promise<TAuthUser | null> {
        const parsed = ZPinCredentials.safeParse(raw);
        const deviceSecret = cookieFrom(req.headers, COUNTER_DEVICE_COOKIE);
        if (!parsed.success || !deviceSecret) return null;
        // Throws the plain lockout message, which the PIN form shows as it is.
        const result = await verifyCounterPin({ deviceSecret, ...parsed.data });
        if (!result) return null;
        await touchSignIn(result.user.id);
        return { ...result.user, counterMerchantId: result.merchantId, counterDeviceId: result.deviceId };
      },
    }),
  ],
  callbacks: {
    // Every callbackUrl next-auth follows (sign-in, sign-out) stays on this site.
    async redirect({ url, baseUrl }) {
      return `${baseUrl}${safeRedirectPath(url, baseUrl)}`;
    },
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        // A PIN session names its merchant and tablet: it is good for that counter only, and ends
        // when the tablet is unpaired (checked on every request by getCurrentUser).
        const { counterMerchantId, counterDeviceId } = user as TAuthUser;
        token.counterMerchantId = counterMerchantId ?? null;
        token.counterDeviceId = counterDeviceId ?? null;
        token.counterSignedInAt = counterMerchantId ? Math.floor(Date.now() / 1000) : null;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        const u = session.user as TSessionClaims;
        u.id = token.sub;
        u.counterMerchantId = (token.counterMerchantId as string | null | undefined) ?? null;
        u.counterDeviceId = (token.counterDeviceId as string | null | undefined) ?? null;
        u.counterSignedInAt = (token.counterSignedInAt as number | null | undefined) ?? null;
      }
      return session;
    },
  },
  logger: {
    error: (code, metadata) => log.error("next-auth", { code, metadata }),
    warn: (code) => log.warn("next-auth", { code }),
    debug: () => {},
  },
};

export type TSessionUser = {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  /** Set for a PIN sign-in on a paired tablet: that merchant's counter is all this session may use. */
  counterMerchantId: string | null;
  /** The paired tablet a PIN session was opened on; unpairing it ends the session. */
  counterDeviceId: string | null;
};

/** The signed-in user, read fresh from the database once per request. */
export const getCurrentUser = cache(async (): Promise<TSessionUser | null> => {
  const session = await getServerSession(authOptions); // reads cookies: every caller renders per request
  env(); // fail loudly on a misconfigured environment
  const claims = session?.user as TSessionClaims | undefined;
  if (!claims?.id) return null;
  const counterMerchantId = claims.counterMerchantId ?? null;
  const counterDeviceId = claims.counterDeviceId ?? null;
  if (counterMerchantId && !(await counterSessionIsLive(counterMerchantId, counterDeviceId, claims.counterSignedInAt ?? null))) return null;
  const user = await db.user.findUnique({ where: { id: claims.id } });
  // A disabled user's sessions end on their next request: the token is good, the person is not.
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin, counterMerchantId, counterDeviceId };
});

/**
 * A PIN session lives while its tablet is paired to that merchant, and for one shift at most.
 * A session from before tablets were named in the token has no device: it has ended.
 */
async function counterSessionIsLive(merchantId: string, deviceId: string | null, signedInAt: number | null): Promise<boolean> {
  if (!deviceId || !signedInAt || Date.now() / 1000 - signedInAt > COUNTER_SESSION_MAX_AGE_SECONDS) return false;
  const device = await withTenant(merchantId, () =>
    db.counterDevice.findUnique({ where: { merchantId_id: { merchantId, id: deviceId } }, select: { revokedAt: true } }),
  );
  return device !== null && device.revokedAt === null;
}

export async function requireUser(): Promise<TSessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
