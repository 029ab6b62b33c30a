import { beforeEach, describe, expect, it, vi } from "vitest";

// The server action reads the client address from the request headers; outside Next the test
// says what they are. The database and the throttle store are real.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
// Work the action leaves for after its answer (Next's `after`) waits here until the test runs it.
const deferred = vi.hoisted(() => ({ tasks: [] as (() => unknown)[] }));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<object>()), after: (task: () => unknown) => void deferred.tasks.push(task) }));
/** What Next does once the answer has gone: runs the deferred work. */
async function afterTheAnswer() {
  for (const task of deferred.tasks.splice(0)) await task();
}

import { requestMagicLinkAction } from "@/features/accounts/actions";
import { sendMagicLink } from "@/features/accounts/magic-link";
import { createUser } from "@/features/tenancy/admin-commands";
import { authOptions } from "@/lib/auth";
import { db } from "./helpers";
import { signInErrorMessage } from "@/lib/sign-in-errors";

type TAuthorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const password = (
  authOptions.providers.find((p) => (p as unknown as { options: { id: string } }).options.id === "password") as unknown as {
    options: { authorize: TAuthorize };
  }
).options.authorize;
const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

/** What the sign-in form would show for this attempt: null on success. */
async function attempt(email: string, pw: string, ip: string): Promise<string | null> {
  try {
    return (await password({ email, password: pw }, from(ip))) ? null : "CredentialsSignin";
  } catch (err) {
    return (err as Error).message;
  }
}

let n = 0;
async function account() {
  n += 1;
  const email = `throttle-${n}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const user = await createUser({ email, name: "Thea", password: "right-password-1" });
  return { email, user };
}

describe("password sign-in throttling", () => {
  it("locks an account out for 5 minutes after five wrong passwords, from any address, and says so", async () => {
    const { email, user } = await account();
    for (let i = 0; i < 5; i++) expect(await attempt(email, "wrong", `198.51.100.${i}`)).toBe("CredentialsSignin");
    const sixth = await attempt(email, "wrong", "198.51.100.9");
    expect(sixth).toBe("TooManyAttempts-5");
    expect(signInErrorMessage(sixth)).toBe("Too many attempts. Try again in 5 minutes.");
    // Locked: even the right password from a fresh address is refused, before any hashing.
    expect(await attempt(email, "right-password-1", "203.0.113.50")).toBe("TooManyAttempts-5");

    const audit = await db.auditLog.findMany({ where: { entityType: "User", entityId: user.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([...Array(5).fill("user.sign_in_failed"), "user.sign_in_locked"]);
    expect(audit[0]!.data).toMatchObject({ method: "password", ip: "198.51.100.0" });
    expect(JSON.stringify(audit)).not.toContain("wrong");
  });

  it("treats an address with no account exactly like one with an account", async () => {
    const ghost = `ghost-${Math.random().toString(36).slice(2, 8)}@example.com`;
    for (let i = 0; i < 5; i++) expect(await attempt(ghost, "wrong", "198.51.100.77")).toBe("CredentialsSignin");
    expect(await attempt(ghost, "wrong", "198.51.100.77")).toBe("TooManyAttempts-5");
  });

  it("starts the account's count again after a right password", async () => {
    const { email } = await account();
    for (let i = 0; i < 4; i++) await attempt(email, "wrong", "192.0.2.10");
    expect(await attempt(email, "right-password-1", "192.0.2.10")).toBeNull();
    for (let i = 0; i < 5; i++) expect(await attempt(email, "wrong", "192.0.2.10")).toBe("CredentialsSignin");
  });

  it("locks out one client address that guesses across many accounts, whatever it prepends to X-Forwarded-For", async () => {
    const { email } = await account();
    const spray = "203.0.113.200";
    // The client writes the left entries; Next (or the trusted proxy) the rightmost.
    for (let i = 0; i < 30; i++) expect(await attempt(`spray-${i}@example.com`, "wrong", `10.9.${i}.1, ${spray}`)).toBe("CredentialsSignin");
    expect(await attempt("spray-30@example.com", "wrong", `10.9.99.1, ${spray}`)).toBe("TooManyAttempts-5");
    expect(await attempt(email, "right-password-1", spray)).toBe("TooManyAttempts-5");
    expect(await attempt(email, "right-password-1", "203.0.113.201")).toBeNull();
  }, 180_000); // 32 scrypt hashes
});

describe("email-link request throttling", () => {
  beforeEach(() => {
    request.headers = new Headers({ "x-forwarded-for": `198.18.${n++ % 250}.${Math.floor(Math.random() * 250)}` });
  });

  it("sends three links to one mailbox, then asks to wait, where the email was entered", async () => {
    const { email } = await account();
    for (let i = 0; i < 3; i++) expect(await requestMagicLinkAction({ email, callbackUrl: "/start" })).toEqual({ ok: true, data: { sent: true } });
    const fourth = await requestMagicLinkAction({ email, callbackUrl: "/start" });
    expect(fourth).toEqual({
      ok: false,
      error: "Too many attempts. Try again in 5 minutes.",
      fieldErrors: { email: "Too many attempts. Try again in 5 minutes." },
    });
    await afterTheAnswer();
    expect(await db.emailMessage.count({ where: { to: email } })).toBe(3);
  });

  it("answers an address with no account exactly as one with an account", async () => {
    const ghost = `nobody-${Math.random().toString(36).slice(2, 8)}@example.com`;
    for (let i = 0; i < 3; i++) expect((await requestMagicLinkAction({ email: ghost })).ok).toBe(true);
    expect(await requestMagicLinkAction({ email: ghost })).toMatchObject({ ok: false, error: "Too many attempts. Try again in 5 minutes." });
    await afterTheAnswer();
    expect(await db.emailMessage.count({ where: { to: ghost } })).toBe(0);
  });

  it("answers before it does anything that depends on the account, so the answer's timing cannot tell either", async () => {
    const { email } = await account();
    const ghost = `nobody-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const known = await requestMagicLinkAction({ email, callbackUrl: "/start" });
    const unknown = await requestMagicLinkAction({ email: ghost, callbackUrl: "/start" });
    expect(known).toEqual({ ok: true, data: { sent: true } });
    expect(unknown).toEqual(known);
    // When the answers were given, neither address had a link or an email: the work that differs
    // (the account lookup, the token, rendering and sending) is the same deferred task for both.
    expect(await db.magicLinkToken.count({ where: { email: { in: [email, ghost] } } })).toBe(0);
    expect(await db.emailMessage.count({ where: { to: { in: [email, ghost] } } })).toBe(0);
    expect(deferred.tasks).toHaveLength(2);
    await afterTheAnswer();
    expect(await db.magicLinkToken.count({ where: { email } })).toBe(1);
    expect(await db.emailMessage.count({ where: { to: email } })).toBe(1);
    expect(await db.magicLinkToken.count({ where: { email: ghost } })).toBe(0);
    expect(await db.emailMessage.count({ where: { to: ghost } })).toBe(0);
  });

  it("says what is wrong with a mistyped address where it was entered, and sends nothing", async () => {
    const res = await requestMagicLinkAction({ email: "not-an-address" });
    expect(res).toMatchObject({ ok: false, fieldErrors: { email: expect.any(String) } });
    expect(deferred.tasks).toHaveLength(0);
  });

  it("limits one client address across many mailboxes", async () => {
    for (let i = 0; i < 10; i++) expect((await requestMagicLinkAction({ email: `inbox-${n}-${i}@example.com` })).ok).toBe(true);
    expect(await requestMagicLinkAction({ email: `inbox-${n}-10@example.com` })).toMatchObject({
      ok: false,
      error: "Too many attempts. Try again in 1 minute.",
    });
    await afterTheAnswer();
  });
});

describe("where a sign-in link lands", () => {
  it("an emailed link never carries another site as its destination", async () => {
    const cases = [
      ["/\\evil.example", "/start"],
      ["/\t/evil.example", "/start"],
      ["//evil.example", "/start"],
      ["/a/..//evil.example", "/start"],
      ["/m/harbor-bistro/customers?f=x", "/m/harbor-bistro/customers?f=x"],
    ];
    for (const [given, lands] of cases) {
      const { email } = await account();
      await sendMagicLink(email, given);
      const mail = await db.emailMessage.findFirstOrThrow({ where: { to: email } });
      const link = new URL(/https?:\/\/[^\s"<>]+\/sign-in\/link\?[^\s"<>]+/.exec(mail.text)![0]);
      expect(link.searchParams.get("callbackUrl"), JSON.stringify(given)).toBe(lands);
    }
  });

  it("next-auth's redirect callback keeps every destination on this site", async () => {
    const redirect = authOptions.callbacks!.redirect!;
    const baseUrl = "http://localhost:3999";
    const go = (url: string) => redirect({ url, baseUrl });
    expect(await go("/\\evil.example")).toBe(`${baseUrl}/start`);
    expect(await go("/\t/evil.example")).toBe(`${baseUrl}/start`);
    expect(await go("https://evil.example/x")).toBe(`${baseUrl}/start`);
    expect(await go(`${baseUrl}/m/harbor-bistro`)).toBe(`${baseUrl}/m/harbor-bistro`);
    expect(await go("/sign-in")).toBe(`${baseUrl}/sign-in`);
  });
});
