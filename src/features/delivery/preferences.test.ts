import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => {
  process.env.LINK_SIGNING_SECRET = "unit-test-link-secret-unit-test-link-secret";
  process.env.APP_URL = "https://app.example";
  // env() validates these; nothing here touches the database (the client is created on first use).
  process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:1/unused";
  process.env.NEXTAUTH_SECRET ??= "unit-test-nextauth-secret-unit-test";
});

describe("preference tokens", () => {
  it("round-trips the merchant and customer, and builds the RFC 8058 headers", async () => {
    const { preferenceToken, readPreferenceToken, preferenceLinks, listUnsubscribeHeaders } = await import("./preferences");
    const token = preferenceToken("m-1", "c-1");
    expect(readPreferenceToken(token)).toEqual({ merchantId: "m-1", customerId: "c-1" });
    const links = preferenceLinks("m-1", "c-1");
    expect(links.unsubscribeUrl).toBe(`${links.preferencesUrl}/unsubscribe`);
    expect(listUnsubscribeHeaders(links)).toEqual({ "List-Unsubscribe": `<${links.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  });

  it("refuses a token whose payload or signature was changed", async () => {
    const { preferenceToken, readPreferenceToken } = await import("./preferences");
    const [body, sig] = preferenceToken("m-1", "c-1").split(".");
    const forged = Buffer.from(JSON.stringify({ m: "m-2", c: "c-1" })).toString("base64url");
    expect(readPreferenceToken(`${forged}.${sig}`)).toBeNull();
    expect(readPreferenceToken(`${body}.${sig!.slice(0, -2)}xx`)).toBeNull();
    expect(readPreferenceToken(`${body}`)).toBeNull();
    expect(readPreferenceToken("")).toBeNull();
  });
});
