import { beforeAll, describe, expect, it, vi } from "vitest";

// The Customer 360's writes through the one request chain, as a browser calls them: the session
// user is whoever the test says; the database is real.
type TUser = { id: string; email: string; name: string; isPlatformAdmin: boolean; counterMerchantId: string | null };
const session = vi.hoisted(() => ({ user: null as null | TUser }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { addNoteAction, changeConsentAction, deleteNoteAction, editCustomerAction } from "@/features/customers/actions";
import { listCustomerOffers, listCustomerVisits } from "@/features/customers/history";
import { listNotes } from "@/features/customers/notes";
import { addVisits, sendCampaignTo } from "./customer-360-fixtures";
import { db, makeMerchant } from "./helpers";

type TM = Awaited<ReturnType<typeof makeMerchant>>;
let a: TM;
let b: TM;

const as = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = { id: u.id, email: u.email, name: "Someone", isPlatformAdmin: false, counterMerchantId };
};
const newCustomer = (m: TM, data: Record<string, unknown> = {}) =>
  db.customer.create({ data: { merchantId: m.merchant.id, firstName: "Ana", lastName: "Alvarez", email: "ana@example.com", emailNormalized: "ana@example.com", ...data } });
const edit = (customerId: string, fields: Record<string, string> = {}) => ({
  customerId, firstName: "Ana", lastName: "Alvarez", email: "ana@example.com", phone: "", zip: "", birthday: "", anniversary: "", externalId: "", ...fields,
});

beforeAll(async () => {
  a = await makeMerchant("C360 A");
  b = await makeMerchant("C360 B");
});

describe("editing a customer's details", () => {
  it("saves every field, audits which fields changed (not their values), and clears a field sent empty", async () => {
    const c = await newCustomer(a, { email: "edit1@example.com", emailNormalized: "edit1@example.com", zip: "02139" });
    as(a.owner);
    const res = await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "Anabel", email: "Anabel@Example.com", phone: "(415) 555-0101", birthday: "1990-05-17", anniversary: "2015-09-01", externalId: "POS-77" }));
    expect(res).toEqual({ ok: true, data: { status: "saved", changed: ["firstName", "email", "phone", "zip", "birthday", "anniversary", "externalId"] } });
    const after = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } });
    expect(after).toMatchObject({ firstName: "Anabel", email: "Anabel@Example.com", emailNormalized: "anabel@example.com", phone: "+14155550101", zip: null, externalId: "POS-77" });
    expect(after.birthday?.toISOString().slice(0, 10)).toBe("1990-05-17");
    const audit = await db.auditLog.findMany({ where: { merchantId: a.merchant.id, action: "customer.edited", entityId: c.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: a.owner.id, data: { fields: ["firstName", "email", "phone", "zip", "birthday", "anniversary", "externalId"] } });
    expect(JSON.stringify(audit[0]!.data)).not.toContain("anabel");

    // The same values again change nothing and add no audit entry (a retried save).
    expect(await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "Anabel", email: "Anabel@Example.com", phone: "+14155550101", birthday: "1990-05-17", anniversary: "2015-09-01", externalId: "POS-77" }))).toEqual({ ok: true, data: { status: "saved", changed: [] } });
    expect(await db.auditLog.count({ where: { merchantId: a.merchant.id, action: "customer.edited", entityId: c.id } })).toBe(1);
  });

  it("answers bad input with a plain message on the field and changes nothing", async () => {
    const c = await newCustomer(a, { email: "edit2@example.com", emailNormalized: "edit2@example.com" });
    as(a.owner);
    const res = await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "x".repeat(81), email: "not an email", phone: "not a phone", birthday: "2023-02-30" }));
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.fieldErrors).toEqual({
      firstName: "Keep the first name under 81 characters.",
      email: "Enter an email address like name@example.com.",
      phone: "Use an international number like +14155550123.",
      birthday: "Not a real date.",
    });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({ firstName: "Ana", email: "edit2@example.com" });
  });

  it("names the customer who already has an email, phone or external id instead of failing", async () => {
    const maria = await newCustomer(a, { firstName: "Maria", lastName: "Lopez", email: "maria@example.com", emailNormalized: "maria@example.com", phone: "+14155550199", externalId: "M-1" });
    const c = await newCustomer(a, { email: "edit3@example.com", emailNormalized: "edit3@example.com" });
    as(a.owner);
    const res = await editCustomerAction(a.merchant.slug, edit(c.id, { email: "MARIA@example.com", phone: "415 555 0199", externalId: "M-1" }));
    expect(res).toEqual({
      ok: true,
      data: {
        status: "conflict",
        conflicts: [
          { field: "email", customerId: maria.id, name: "Maria Lopez" },
          { field: "phone", customerId: maria.id, name: "Maria Lopez" },
          { field: "externalId", customerId: maria.id, name: "Maria Lopez" },
        ],
      },
    });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({ email: "edit3@example.com", phone: null, externalId: null });
    // Another merchant's customer with the same email is no clash: customers are never shared.
    await newCustomer(b, { email: "shared@example.com", emailNormalized: "shared@example.com" });
    expect(await editCustomerAction(a.merchant.slug, edit(c.id, { email: "shared@example.com" }))).toMatchObject({ ok: true, data: { status: "saved" } });
  });

  it("is not found for another merchant's member, and refused to staff and to a counter PIN session", async () => {
    const c = await newCustomer(a, { email: "edit4@example.com", emailNormalized: "edit4@example.com" });
    as(b.owner);
    expect(await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "Hacked" }))).toEqual({ ok: false, error: "That merchant was not found." });
    // Their own merchant's slug with A's customer id: still no such customer.
    expect(await editCustomerAction(b.merchant.slug, edit(c.id, { firstName: "Hacked" }))).toEqual({ ok: false, error: "That customer was not found." });
    as(a.staff);
    expect(await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "Hacked" }))).toMatchObject({ ok: false, error: "Only a manager or above can do that." });
    as(a.owner, a.merchant.id);
    expect(await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "Hacked" }))).toMatchObject({ ok: false, error: expect.stringContaining("counter only") });
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "withdraw", reason: "asked to stop" })).toMatchObject({ ok: false, error: expect.stringContaining("counter only") });
    as(b.owner);
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "withdraw", reason: "asked to stop" })).toEqual({ ok: false, error: "That merchant was not found." });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({ firstName: "Ana", unsubscribedAt: null });
  });
});

describe("consent on the 360", () => {
  it("lets staff record consent the customer gave and withdraw it, but never restore it after an unsubscribe", async () => {
    const c = await newCustomer(a, { email: "consent1@example.com", emailNormalized: "consent1@example.com" });
    as(a.owner);
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "record", reason: "x" })).toMatchObject({ ok: false, fieldErrors: { reason: expect.stringContaining("Say how the customer agreed") } });
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "record", reason: "Signed the sign-up card" })).toEqual({ ok: true, data: { emailConsent: true, unsubscribed: false } });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({ emailConsent: true, emailConsentSource: "staff" });

    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "withdraw", reason: "Asked at the counter to stop emails" })).toEqual({ ok: true, data: { emailConsent: false, unsubscribed: true } });
    const after = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } });
    expect(after.emailConsent).toBe(false);
    expect(after.unsubscribedAt).toBeInstanceOf(Date);

    const refused = await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "record", reason: "They said yes again" });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining("only they can subscribe again") });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({ emailConsent: false });

    const audit = await db.auditLog.findMany({ where: { merchantId: a.merchant.id, entityId: c.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => [e.action, e.actorUserId, (e.data as { reason?: string }).reason])).toEqual([
      ["customer.consent_recorded", a.owner.id, "Signed the sign-up card"],
      ["customer.consent_withdrawn", a.owner.id, "Asked at the counter to stop emails"],
    ]);
  });

  it("needs an email address before consent can be recorded", async () => {
    const c = await db.customer.create({ data: { merchantId: a.merchant.id, firstName: "Phone", phone: "+14155550111" } });
    as(a.owner);
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "record", reason: "Said yes" })).toMatchObject({ ok: false, fieldErrors: { reason: expect.stringContaining("email address first") } });
  });
});

describe("notes on a customer", () => {
  it("adds, lists newest first and deletes notes, audited without their text; a retried delete is a no-op", async () => {
    const c = await newCustomer(a, { email: "notes1@example.com", emailNormalized: "notes1@example.com" });
    as(a.owner);
    expect(await addNoteAction(a.merchant.slug, { customerId: c.id, body: "   " })).toMatchObject({ ok: false, fieldErrors: { body: "Write the note first." } });
    expect(await addNoteAction(a.merchant.slug, { customerId: c.id, body: "x".repeat(2001) })).toMatchObject({ ok: false, fieldErrors: { body: "Keep a note under 2,000 characters." } });
    const first = await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Window table, please" });
    const second = await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Allergic to nuts\nTell the kitchen" });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    const notes = await listNotes(a.merchant.id, c.id);
    expect(notes.map((n) => [n.body, n.authorName])).toEqual([["Allergic to nuts\nTell the kitchen", "Owner"], ["Window table, please", "Owner"]]);

    // Another merchant cannot read, add or delete them; staff and a counter session may not write.
    as(b.owner);
    expect(await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Sneaky" })).toEqual({ ok: false, error: "That merchant was not found." });
    expect(await addNoteAction(b.merchant.slug, { customerId: c.id, body: "Sneaky" })).toEqual({ ok: false, error: "That customer was not found." });
    expect(await deleteNoteAction(b.merchant.slug, { customerId: c.id, noteId: first.data.id })).toEqual({ ok: false, error: "That customer was not found." });
    expect(await listNotes(b.merchant.id, c.id)).toEqual([]);
    as(a.staff);
    expect(await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Staff note" })).toMatchObject({ ok: false, error: "Only a manager or above can do that." });
    as(a.staff, a.merchant.id);
    expect(await deleteNoteAction(a.merchant.slug, { customerId: c.id, noteId: first.data.id })).toMatchObject({ ok: false, error: expect.stringContaining("counter only") });

    as(a.owner);
    expect(await deleteNoteAction(a.merchant.slug, { customerId: c.id, noteId: first.data.id })).toEqual({ ok: true, data: { deleted: true } });
    expect(await deleteNoteAction(a.merchant.slug, { customerId: c.id, noteId: first.data.id })).toEqual({ ok: true, data: { deleted: false } });
    expect((await listNotes(a.merchant.id, c.id)).map((n) => n.body)).toEqual(["Allergic to nuts\nTell the kitchen"]);
    const audit = await db.auditLog.findMany({ where: { merchantId: a.merchant.id, entityId: c.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["customer.note_added", "customer.note_added", "customer.note_deleted"]);
    expect(JSON.stringify(audit.map((e) => e.data))).not.toMatch(/Window|nuts/);
  });
});

describe("the visit history and the promotions they got", () => {
  it("pages through every visit, newest first, without repeating or skipping one", async () => {
    const c = await newCustomer(a, { email: "history1@example.com", emailNormalized: "history1@example.com" });
    await addVisits(a.merchant.id, c.id, 120, { tag: "family" });
    const pages = await Promise.all([1, 2, 3, 4].map((page) => listCustomerVisits(a.merchant.id, c.id, { page })));
    expect(pages.map((p) => [p.total, p.pages, p.rows.length])).toEqual([[120, 3, 50], [120, 3, 50], [120, 3, 20], [120, 3, 0]]);
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(120);
    const times = pages.flatMap((p) => p.rows.map((r) => r.occurredAt.getTime()));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(pages[0]!.rows[0]).toMatchObject({ rating: 2, tags: ["family"], note: "Asked for Maria's table", amountCents: 1001 });
    // Another merchant asking for this customer's visits gets none.
    expect(await listCustomerVisits(b.merchant.id, c.id)).toMatchObject({ total: 0, rows: [] });
  });

  it("lists the promotions sent with their codes and whether they were used, and the deal vouchers", async () => {
    const c = await newCustomer(a, { email: "offers1@example.com", emailNormalized: "offers1@example.com" });
    await sendCampaignTo(a.merchant.id, c.id, "OFFERS-USED", { redeemed: true });
    const deal = await db.deal.create({ data: { merchantId: a.merchant.id, title: "$20 for $40 dinner" } });
    await db.voucher.create({ data: { merchantId: a.merchant.id, dealId: deal.id, code: "DEAL-0001", customerId: c.id, purchasedAt: new Date("2026-10-01T12:00:00Z") } });
    const offers = await listCustomerOffers(a.merchant.id, c.id);
    expect(offers.campaigns).toEqual([expect.objectContaining({ promotionName: "Off Peak", status: "delivered", isHoldout: false, code: "OFFERS-USED", codeStatus: "redeemed" })]);
    expect(offers.vouchers).toEqual([expect.objectContaining({ code: "DEAL-0001", dealTitle: "$20 for $40 dinner", status: "active" })]);
    expect(await listCustomerOffers(b.merchant.id, c.id)).toEqual({ campaigns: [], vouchers: [] });
  });
});
