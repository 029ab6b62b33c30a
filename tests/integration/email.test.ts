import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMagicLink } from "@/features/accounts/magic-link";
import { createUser } from "@/features/tenancy/admin-commands";
import { db } from "./helpers";
import { startResendFake } from "../fakes/resend-fake";

// The mail layer: without RESEND_API_KEY every email is kept in the development mailbox;
// with it, the real Resend SDK sends (here to a local fake) and the message is still recorded.
describe("the mail layer", () => {
  let fake: Awaited<ReturnType<typeof startResendFake>>;
  beforeAll(async () => {
    fake = await startResendFake();
  });
  afterAll(() => fake.close());

  it("keeps sign-in links in the development mailbox when no provider is configured", async () => {
    delete process.env.RESEND_API_KEY;
    await createUser({ email: "mailbox@example.com", name: "Mia" });
    await sendMagicLink("mailbox@example.com", undefined);
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to: "mailbox@example.com" } });
    expect(mail.transport).toBe("mailbox");
    expect(mail.subject).toBe("Your Regulars sign-in link");
    expect(mail.html).toMatch(/\/sign-in\/link\?token=/);
    expect(mail.text).toMatch(/\/sign-in\/link\?token=/);
    expect(fake.requests).toHaveLength(0);
  });

  it("sends nothing to an address without an account", async () => {
    await sendMagicLink("nobody@example.com", undefined);
    expect(await db.emailMessage.count({ where: { to: "nobody@example.com" } })).toBe(0);
  });

  it("sends through the Resend SDK with the idempotency key when a key is set", async () => {
    // env() is read once per process; this file's process sets the key before the first send through Resend.
    const { sendEmail } = await import("@/lib/email");
    const envModule = await import("@/lib/env");
    const cached = envModule.env();
    Object.assign(cached, { RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fake.url });
    const sent = await sendEmail({
      to: "Someone@Example.com",
      subject: "Hello",
      html: "<p>Hi</p>",
      text: "Hi",
      headers: { "X-Test": "1" },
      idempotencyKey: "abc-1",
    });
    expect(sent.transport).toBe("resend");
    expect(sent.providerMessageId).toMatch(/^fake_/);
    const req = fake.requests.at(-1)!;
    expect(req.path).toBe("/emails");
    expect(req.headers.authorization).toBe("Bearer re_test_123");
    expect(req.headers["idempotency-key"]).toBe("abc-1");
    expect(req.body).toMatchObject({ to: "Someone@Example.com", subject: "Hello", html: "<p>Hi</p>", text: "Hi", headers: { "X-Test": "1" } });
    const row = await db.emailMessage.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row).toMatchObject({ transport: "resend", to: "someone@example.com", providerMessageId: sent.providerMessageId });
    Object.assign(cached, { RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined });
  });
});
