import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as unsubscribeGet, POST as unsubscribePost } from "@/app/u/[token]/unsubscribe/route";
import { setSubscribedAction, updatePreferencesAction } from "@/features/delivery/preference-actions";
import { getPreferencePage, preferenceLinks, preferenceToken } from "@/features/delivery/preferences";
import { addCustomers } from "./campaign-fixtures";
import { db, makeMerchant } from "./helpers";

// The customer's own links: no session anywhere in this file, only the signed token.

async function customerOf(name: string) {
  const { merchant } = await makeMerchant(name);
  const [id] = await addCustomers(merchant.id, { n: 1, prefix: `pf${randomBytes(3).toString("hex")}` });
  return {
    merchant,
    id: id!,
    token: preferenceToken(merchant.id, id!),
    read: () => db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: merchant.id, id: id! } } }),
  };
}

const oneClick = (token: string) =>
  unsubscribePost(
    new Request(`http://localhost/u/${token}/unsubscribe`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
    { params: Promise.resolve({ token }) },
  );

describe("one-click unsubscribe (RFC 8058)", () => {
  it("unsubscribes on a POST with no session or CSRF token, answers 200, and is idempotent", async () => {
    const c = await customerOf("Unsub");
    const res = await oneClick(c.token);
    expect(res.status).toBe(200);
    const after = await c.read();
    expect(after).toMatchObject({ emailConsent: false, unsubscribedAt: expect.any(Date) });
    expect((await oneClick(c.token)).status).toBe(200);
    expect((await c.read()).unsubscribedAt).toEqual(after.unsubscribedAt);
    expect(await db.auditLog.findMany({ where: { merchantId: c.merchant.id, entityId: c.id }, select: { action: true, data: true } })).toEqual([
      { action: "customer.unsubscribed", data: { via: "one_click" } },
    ]);
  });

  it("the links in the email point at this route", async () => {
    const c = await customerOf("Links");
    const links = preferenceLinks(c.merchant.id, c.id);
    expect(new URL(links.unsubscribeUrl).pathname).toBe(`/u/${c.token}/unsubscribe`);
  });

  it("a GET (a person, or a link scanner) only redirects to the confirm page", async () => {
    const c = await customerOf("Scanner");
    const res = await unsubscribeGet(new Request(`http://localhost/u/${c.token}/unsubscribe`), { params: Promise.resolve({ token: c.token }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/u/${c.token}?unsubscribe=1`);
    expect(await c.read()).toMatchObject({ emailConsent: true, unsubscribedAt: null });
  });

  it("a tampered or foreign token is a 404 and changes nobody", async () => {
    const a = await customerOf("Tamper A");
    const b = await customerOf("Tamper B");
    const [body, sig] = a.token.split(".");
    const forged = `${Buffer.from(JSON.stringify({ m: b.merchant.id, c: b.id })).toString("base64url")}.${sig}`;
    for (const token of [forged, `${body}.${sig!.slice(0, -4)}AAAA`, "nonsense", ""]) {
      expect((await oneClick(token)).status).toBe(404);
    }
    // A validly signed token that names a customer of another merchant finds nobody.
    expect((await oneClick(preferenceToken(a.merchant.id, b.id))).status).toBe(404);
    expect(await getPreferencePage(preferenceToken(a.merchant.id, b.id))).toBeNull();
    expect(await a.read()).toMatchObject({ emailConsent: true, unsubscribedAt: null });
    expect(await b.read()).toMatchObject({ emailConsent: true, unsubscribedAt: null });
  });
});

describe("the preference page", () => {
  it("shows the merchant's name and the customer's settings for a good token, nothing for a bad one", async () => {
    const c = await customerOf("Prefs Page");
    const page = await getPreferencePage(c.token);
    expect(page).toMatchObject({ merchant: { name: "Prefs Page" }, customer: { channelPreference: "email", emailConsent: true } });
    expect(await getPreferencePage(`${c.token}x`)).toBeNull();
  });

  it("saves channel, interests, birthday and anniversary, audited with before and after", async () => {
    const c = await customerOf("Prefs Save");
    const res = await updatePreferencesAction(c.token, {
      channelPreference: "sms",
      interests: ["Brunch", "brunch", "wine"],
      birthday: "1990-04-12",
      anniversary: "",
    });
    expect(res).toEqual({ ok: true, data: { ok: true } });
    const after = await c.read();
    expect(after).toMatchObject({ channelPreference: "sms", interests: ["brunch", "wine"], anniversary: null });
    expect(after.birthday?.toISOString().slice(0, 10)).toBe("1990-04-12");
    const audit = await db.auditLog.findFirstOrThrow({ where: { merchantId: c.merchant.id, entityId: c.id, action: "customer.preferences_updated" } });
    expect(audit.data).toMatchObject({
      via: "preference_page",
      before: { channelPreference: "email" },
      after: { channelPreference: "sms", birthday: "1990-04-12" },
    });
  });

  it("explains bad input and changes nothing", async () => {
    const c = await customerOf("Prefs Bad");
    const res = await updatePreferencesAction(c.token, { channelPreference: "pigeon", interests: [], birthday: "2999-01-01", anniversary: "12/31" });
    expect(res).toMatchObject({
      ok: false,
      fieldErrors: {
        channelPreference: "Pick how you want to hear from us.",
        birthday: "That birthday is not in the past.",
        anniversary: "Enter your anniversary as a date, or leave it blank.",
      },
    });
    expect(await updatePreferencesAction("not-a-token-at-all", { channelPreference: "sms", interests: [], birthday: "", anniversary: "" })).toMatchObject({
      ok: false,
      error: "This link is not valid.",
    });
    expect(await c.read()).toMatchObject({ channelPreference: "email", birthday: null });
  });

  it("unsubscribes and resubscribes from the page, recording a fresh consent", async () => {
    const c = await customerOf("Prefs Toggle");
    expect(await setSubscribedAction(c.token, false)).toEqual({ ok: true, data: { subscribed: false } });
    expect(await c.read()).toMatchObject({ emailConsent: false, unsubscribedAt: expect.any(Date) });
    expect(await setSubscribedAction(c.token, true)).toEqual({ ok: true, data: { subscribed: true } });
    expect(await c.read()).toMatchObject({ emailConsent: true, unsubscribedAt: null, emailConsentSource: "preference_page", emailConsentAt: expect.any(Date) });
    const actions = (await db.auditLog.findMany({ where: { merchantId: c.merchant.id, entityId: c.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["customer.unsubscribed", "customer.resubscribed"]);
    expect(await setSubscribedAction(`${c.token}x`, false)).toMatchObject({ ok: false, error: "This link is not valid." });
  });
});
