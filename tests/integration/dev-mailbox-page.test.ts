import { beforeEach, describe, expect, it, vi } from "vitest";

// The page reads the request's headers; outside Next the test says what they are.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

import DevMailboxPage from "@/app/dev/mailbox/page";
import { db } from "./helpers";

const open = () => DevMailboxPage({ searchParams: Promise.resolve({}) });
const as = (values: Record<string, string>) => {
  request.headers = new Headers(values);
};

describe("/dev/mailbox (sign-in links on a development machine)", () => {
  beforeEach(async () => {
    delete process.env.RESEND_API_KEY;
    process.env.DEV_MAILBOX_PUBLIC = "1";
    await db.emailMessage.create({
      data: { from: "x@example.com", to: "owner@example.com", subject: "Your Regulars sign-in link", html: "<p>link</p>", text: "link", transport: "mailbox" },
    });
  });

  it("opens for a browser on this machine", async () => {
    as({ "x-forwarded-for": "::1", host: "localhost:3143" });
    await expect(open()).resolves.toBeTruthy();
    as({ "x-forwarded-for": "127.0.0.1", host: "127.0.0.1:3000" });
    await expect(open()).resolves.toBeTruthy();
  });

  it("is not found for anyone else who reaches the port", async () => {
    const refused: Record<string, string>[] = [
      { "x-forwarded-for": "192.168.1.20", host: "192.168.1.5:3000" }, // a phone on the same Wi-Fi
      { "x-forwarded-for": "203.0.113.9", host: "localhost:3000" },
      { "x-forwarded-for": "127.0.0.1", host: "rebound.evil.example:3000" }, // DNS rebinding from a web page
      { "x-forwarded-for": "127.0.0.1", host: "localhost:3000", "x-real-ip": "203.0.113.9" }, // through a local proxy
      { "x-forwarded-for": "203.0.113.9, 127.0.0.1", host: "localhost:3000" },
      { host: "localhost:3000" },
    ];
    for (const h of refused) {
      as(h);
      await expect(open(), JSON.stringify(h)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    }
  });

  it("is not found without DEV_MAILBOX_PUBLIC, even on this machine", async () => {
    process.env.DEV_MAILBOX_PUBLIC = "0";
    // The app reads its environment once per process (lib/env.ts): this case gets fresh modules.
    vi.resetModules();
    const { default: FreshPage } = await import("@/app/dev/mailbox/page");
    as({ "x-forwarded-for": "::1", host: "localhost:3143" });
    await expect(FreshPage({ searchParams: Promise.resolve({}) })).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });
});
