import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { redirect } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { clientIp } from "./client-ip";
import { db } from "./db";
import { env } from "./env";
import { log } from "./logger";
import { verifyPassword } from "./password";
import { safeRedirectPath } from "./safe-redirect";
import { throttledErrorCode } from "./sign-in-errors";
import { clearPasswordFailures, passwordLockout, recordPasswordFailure } from "./sign-in-throttle";
import { sha256 } from "./tokens";

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

type TAuthUser = { id: string; email: string; name: string; counterMerchantId?: string };

async function touchSignIn(userId: string) {
  await db.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } });
}

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
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
        const device = await db.counterDevice.findUnique({ where: { tokenHash: sha256(deviceSecret) }, include: { merchant: true } });
        if (!device || device.revokedAt || device.merchant.slug !== parsed.data.merchantSlug) return null;
        const membership = await db.membership.findUnique({
          where: { merchantId_userId: { merchantId: device.merchantId, userId: parsed.data.userId } },
          omit: { pinHash: false },
          include: { user: true },
        });
        if (!membership?.pinHash || !(await verifyPassword(parsed.data.pin, membership.pinHash))) return null;
        await db.counterDevice.update({
          where: { merchantId_id: { merchantId: device.merchantId, id: device.id } },
          data: { lastSeenAt: new Date() },
        });
        await touchSignIn(membership.userId);
        return { id: membership.userId, email: membership.user.email, name: membership.user.name, counterMerchantId: device.merchantId };
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
        // A PIN session on a shared tablet is good for the counter of that merchant only.
        token.counterMerchantId = (user as TAuthUser).counterMerchantId ?? null;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        (session.user as { id?: string }).id = token.sub;
        (session.user as { counterMerchantId?: string | null }).counterMerchantId = (token.counterMerchantId as string | null) ?? null;
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
};

/** The signed-in user, read fresh from the database once per request. */
export const getCurrentUser = cache(async (): Promise<TSessionUser | null> => {
  const session = await getServerSession(authOptions); // reads cookies: every caller renders per request
  env(); // fail loudly on a misconfigured environment
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id } });
  if (!user) return null;
  const counterMerchantId = (session?.user as { counterMerchantId?: string | null }).counterMerchantId ?? null;
  return { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin, counterMerchantId };
});

export async function requireUser(): Promise<TSessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
