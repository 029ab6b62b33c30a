import { beforeAll, describe, expect, it, vi } from "vitest";

// The Customer 360's writes through the one request chain, as a browser calls them: the session
// user is whoever the test says; the database is real.
type TUser = { id: string; email: string; name: string; isPlatformAdmin: boolean; counterMerchantId: string | null };
const session = vi.hoisted(() => ({ user: null as null | TUser }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { GET as exportOne } from "@/app/m/[merchant]/customers/[id]/export/route";
import { audienceBreakdown as audienceBreakdownOf } from "@/features/campaigns/audience";
import {
  addNoteAction,
  changeConsentAction,
  deleteNoteAction,
  editCustomerAction,
  eraseCustomerAction,
  mergeCustomersAction,
  previewMergeAction,
  searchMergeCandidatesAction,
} from "@/features/customers/actions";
import { listCustomerOffers as listCustomerOffersOf, listCustomerVisits as listCustomerVisitsOf } from "@/features/customers/history";
import { listNotes as listNotesOf } from "@/features/customers/notes";
import { upsertCustomer as upsertCustomerOf } from "@/features/customers/upsert";
import { everyoneGroup } from "./campaign-fixtures";
import { addVisits, sendCampaignTo } from "./customer-360-fixtures";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions called directly run in their merchant's scope (row-level security), as a page or the chain runs them.
const audienceBreakdown = inTenantOf(audienceBreakdownOf);
const listCustomerOffers = inTenantOf(listCustomerOffersOf);
const listCustomerVisits = inTenantOf(listCustomerVisitsOf);
const listNotes = inTenantOf(listNotesOf);
const upsertCustomer = inTenantOf(upsertCustomerOf, 1);

type TM = Awaited<ReturnType<typeof makeMerchant>>;
let a: TM;
let b: TM;

const as = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = { id: u.id, email: u.email, name: "Someone", isPlatformAdmin: false, counterMerchantId };
};
const newCustomer = (m: TM, data: Record<string, unknown> = {}) =>
  db.customer.create({
    data: { merchantId: m.merchant.id, firstName: "Ana", lastName: "Alvarez", email: "ana@example.com", emailNormalized: "ana@example.com", ...data },
  });
const edit = (customerId: string, fields: Record<string, string> = {}) => ({
  customerId,
  firstName: "Ana",
  lastName: "Alvarez",
  email: "ana@example.com",
  phone: "",
  zip: "",
  birthday: "",
  anniversary: "",
  externalId: "",
  ...fields,
});

beforeAll(async () => {
  a = await makeMerchant("C360 A");
  b = await makeMerchant("C360 B");
});

describe("editing a customer's details", () => {
  it("saves every field, audits which fields changed (not their values), and clears a field sent empty", async () => {
    const c = await newCustomer(a, { email: "edit1@example.com", emailNormalized: "edit1@example.com", zip: "02139" });
    as(a.owner);
    const res = await editCustomerAction(
      a.merchant.slug,
      edit(c.id, {
        firstName: "Anabel",
        email: "Anabel@Example.com",
        phone: "(415) 555-0101",
        birthday: "1990-05-17",
        anniversary: "2015-09-01",
        externalId: "POS-77",
      }),
    );
    expect(res).toEqual({ ok: true, data: { status: "saved", changed: ["firstName", "email", "phone", "zip", "birthday", "anniversary", "externalId"] } });
    const after = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } });
    expect(after).toMatchObject({
      firstName: "Anabel",
      email: "Anabel@Example.com",
      emailNormalized: "anabel@example.com",
      phone: "+14155550101",
      zip: null,
      externalId: "POS-77",
    });
    expect(after.birthday?.toISOString().slice(0, 10)).toBe("1990-05-17");
    const audit = await db.auditLog.findMany({ where: { merchantId: a.merchant.id, action: "customer.edited", entityId: c.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: a.owner.id,
      data: { fields: ["firstName", "email", "phone", "zip", "birthday", "anniversary", "externalId"] },
    });
    expect(JSON.stringify(audit[0]!.data)).not.toContain("anabel");

    // The same values again change nothing and add no audit entry (a retried save).
    expect(
      await editCustomerAction(
        a.merchant.slug,
        edit(c.id, {
          firstName: "Anabel",
          email: "Anabel@Example.com",
          phone: "+14155550101",
          birthday: "1990-05-17",
          anniversary: "2015-09-01",
          externalId: "POS-77",
        }),
      ),
    ).toEqual({ ok: true, data: { status: "saved", changed: [] } });
    expect(await db.auditLog.count({ where: { merchantId: a.merchant.id, action: "customer.edited", entityId: c.id } })).toBe(1);
  });

  it("answers bad input with a plain message on the field and changes nothing", async () => {
    const c = await newCustomer(a, { email: "edit2@example.com", emailNormalized: "edit2@example.com" });
    as(a.owner);
    const res = await editCustomerAction(
      a.merchant.slug,
      edit(c.id, { firstName: "x".repeat(81), email: "not an email", phone: "not a phone", birthday: "2023-02-30" }),
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.fieldErrors).toEqual({
      firstName: "Keep the first name under 81 characters.",
      email: "Enter an email address like name@example.com.",
      phone: "Use an international number like +14155550123.",
      birthday: "Not a real date.",
    });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({
      firstName: "Ana",
      email: "edit2@example.com",
    });
    // Everything cleared would leave nobody to know them by.
    expect(await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "", lastName: "", email: "" }))).toMatchObject({
      ok: false,
      fieldErrors: { firstName: "Keep at least a name, an email, a phone number or an external id." },
    });
  });

  it("names the customer who already has an email, phone or external id instead of failing", async () => {
    const maria = await newCustomer(a, {
      firstName: "Maria",
      lastName: "Lopez",
      email: "maria@example.com",
      emailNormalized: "maria@example.com",
      phone: "+14155550199",
      externalId: "M-1",
    });
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
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({
      email: "edit3@example.com",
      phone: null,
      externalId: null,
    });
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
    expect(await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "Hacked" }))).toMatchObject({
      ok: false,
      error: "Only a manager or above can do that.",
    });
    as(a.owner, a.merchant.id);
    expect(await editCustomerAction(a.merchant.slug, edit(c.id, { firstName: "Hacked" }))).toMatchObject({
      ok: false,
      error: expect.stringContaining("counter only"),
    });
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "withdraw", reason: "asked to stop" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("counter only"),
    });
    as(b.owner);
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "withdraw", reason: "asked to stop" })).toEqual({
      ok: false,
      error: "That merchant was not found.",
    });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({
      firstName: "Ana",
      unsubscribedAt: null,
    });
  });
});

describe("consent on the 360", () => {
  it("lets staff record consent the customer gave and withdraw it, but never restore it after an unsubscribe", async () => {
    const c = await newCustomer(a, { email: "consent1@example.com", emailNormalized: "consent1@example.com" });
    as(a.owner);
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "record", reason: "x" })).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.stringContaining("Say how the customer agreed") },
    });
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "record", reason: "Signed the sign-up card" })).toEqual({
      ok: true,
      data: { emailConsent: true, unsubscribed: false },
    });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({
      emailConsent: true,
      emailConsentSource: "staff",
    });

    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "withdraw", reason: "Asked at the counter to stop emails" })).toEqual({
      ok: true,
      data: { emailConsent: false, unsubscribed: true },
    });
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
    expect(await changeConsentAction(a.merchant.slug, { customerId: c.id, change: "record", reason: "Said yes" })).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.stringContaining("email address first") },
    });
  });
});

describe("notes on a customer", () => {
  it("adds, lists newest first and deletes notes, audited without their text; a retried delete is a no-op", async () => {
    const c = await newCustomer(a, { email: "notes1@example.com", emailNormalized: "notes1@example.com" });
    as(a.owner);
    expect(await addNoteAction(a.merchant.slug, { customerId: c.id, body: "   " })).toMatchObject({
      ok: false,
      fieldErrors: { body: "Write the note first." },
    });
    expect(await addNoteAction(a.merchant.slug, { customerId: c.id, body: "x".repeat(2001) })).toMatchObject({
      ok: false,
      fieldErrors: { body: "Keep a note under 2,000 characters." },
    });
    const first = await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Window table, please" });
    const second = await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Allergic to nuts\nTell the kitchen" });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    const notes = await listNotes(a.merchant.id, c.id);
    expect(notes.map((n) => [n.body, n.authorName])).toEqual([
      ["Allergic to nuts\nTell the kitchen", "Owner"],
      ["Window table, please", "Owner"],
    ]);

    // Another merchant cannot read, add or delete them; staff and a counter session may not write.
    as(b.owner);
    expect(await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Sneaky" })).toEqual({ ok: false, error: "That merchant was not found." });
    expect(await addNoteAction(b.merchant.slug, { customerId: c.id, body: "Sneaky" })).toEqual({ ok: false, error: "That customer was not found." });
    expect(await deleteNoteAction(b.merchant.slug, { customerId: c.id, noteId: first.data.id })).toEqual({ ok: false, error: "That customer was not found." });
    expect(await listNotes(b.merchant.id, c.id)).toEqual([]);
    as(a.staff);
    expect(await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Staff note" })).toMatchObject({
      ok: false,
      error: "Only a manager or above can do that.",
    });
    as(a.staff, a.merchant.id);
    expect(await deleteNoteAction(a.merchant.slug, { customerId: c.id, noteId: first.data.id })).toMatchObject({
      ok: false,
      error: expect.stringContaining("counter only"),
    });

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
    expect(pages.map((p) => [p.total, p.pages, p.rows.length])).toEqual([
      [120, 3, 50],
      [120, 3, 50],
      [120, 3, 20],
      [120, 3, 0],
    ]);
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
    await db.voucher.create({
      data: { merchantId: a.merchant.id, dealId: deal.id, code: "DEAL-0001", customerId: c.id, purchasedAt: new Date("2026-10-01T12:00:00Z") },
    });
    const offers = await listCustomerOffers(a.merchant.id, c.id);
    expect(offers.campaigns).toEqual([
      expect.objectContaining({ promotionName: "Off Peak", status: "delivered", isHoldout: false, code: "OFFERS-USED", codeStatus: "redeemed" }),
    ]);
    expect(offers.vouchers).toEqual([expect.objectContaining({ code: "DEAL-0001", dealTitle: "$20 for $40 dinner", status: "active" })]);
    expect(await listCustomerOffers(b.merchant.id, c.id)).toEqual({ campaigns: [], vouchers: [] });
  });
});

describe("merging a duplicate into a customer", () => {
  it("previews, then moves visits, codes, campaigns, tags, notes and groups in one go, recomputes the aggregates, keeps the stricter consent, and replays on retry", async () => {
    const s = await newCustomer(a, {
      firstName: "Maria",
      lastName: "Lopez",
      email: "maria.merge@example.com",
      emailNormalized: "maria.merge@example.com",
      emailConsent: true,
      emailConsentSource: "counter",
      note: "Window table",
    });
    const d = await newCustomer(a, {
      firstName: "Mary",
      lastName: "Lopez",
      email: null,
      emailNormalized: null,
      phone: "+14155550142",
      unsubscribedAt: new Date("2026-11-01T10:00:00Z"),
      birthday: new Date("1988-04-02"),
      note: "Nut allergy",
    });
    await addVisits(a.merchant.id, s.id, 3, { tag: "family" });
    await addVisits(a.merchant.id, d.id, 2, { start: new Date("2026-12-01T20:00:00Z") });
    const both = await sendCampaignTo(a.merchant.id, s.id, "MERGE-S1");
    await db.campaignRecipient.create({
      data: { merchantId: a.merchant.id, campaignId: both.campaign.id, customerId: d.id, status: "held_out", isHoldout: true },
    });
    const dOnly = await sendCampaignTo(a.merchant.id, d.id, "MERGE-D1", { redeemed: true });
    const deal = await db.deal.create({ data: { merchantId: a.merchant.id, title: "Brunch for two" } });
    await db.voucher.create({ data: { merchantId: a.merchant.id, dealId: deal.id, code: "MERGE-DEAL", customerId: d.id } });
    const vip = await db.tag.create({ data: { merchantId: a.merchant.id, name: "VIP", normalizedName: "vip" } });
    await db.customerTag.create({ data: { merchantId: a.merchant.id, customerId: d.id, tagId: vip.id } });
    as(a.owner);
    await addNoteAction(a.merchant.slug, { customerId: d.id, body: "Comes with her sister" });
    const before = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: s.id } } });
    const dBefore = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: d.id } } });

    const preview = await previewMergeAction(a.merchant.slug, { survivorId: s.id, duplicateId: d.id });
    expect(preview).toMatchObject({
      ok: true,
      data: {
        survivor: { id: s.id, name: "Maria Lopez" },
        duplicate: { id: d.id, name: "Mary Lopez", phone: "+14155550142", visitCount: 2 },
        // The duplicate's codes: the Off Peak one it used and the deal voucher (its group membership came with the campaign).
        moves: { visits: 2, vouchers: 2, campaigns: 2, tags: 1, notes: 1, groups: 1 },
        campaignsBothGot: 1,
        filled: ["phone", "birthday"],
        dropped: ["first name"],
        consent: { emailConsent: false, unsubscribed: true },
        after: { visitCount: 5, totalSpentCents: (before.totalSpentCents + dBefore.totalSpentCents).toString() },
      },
    });
    // A preview writes nothing.
    expect(await db.customer.count({ where: { merchantId: a.merchant.id, id: d.id } })).toBe(1);

    const merged = await mergeCustomersAction(a.merchant.slug, { survivorId: s.id, duplicateId: d.id });
    expect(merged).toEqual({
      ok: true,
      data: { survivorId: s.id, duplicateId: d.id, moved: { visits: 2, vouchers: 2, campaigns: 2, tags: 1, notes: 1, groups: 1 }, alreadyMerged: false },
    });
    expect(await db.customer.count({ where: { merchantId: a.merchant.id, id: d.id } })).toBe(0);
    const after = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: s.id } } });
    expect(after).toMatchObject({
      firstName: "Maria",
      phone: "+14155550142",
      email: "maria.merge@example.com",
      note: "Window table\n\nNut allergy",
      visitCount: 5,
      totalSpentCents: before.totalSpentCents + dBefore.totalSpentCents,
      lastVisitAt: new Date("2026-12-01T20:00:00Z"),
      emailConsent: false,
      unsubscribedAt: new Date("2026-11-01T10:00:00Z"),
    });
    expect(after.birthday?.toISOString().slice(0, 10)).toBe("1988-04-02");
    expect(after.tagIds.sort()).toEqual(
      [vip.id, (await db.tag.findFirstOrThrow({ where: { merchantId: a.merchant.id, normalizedName: "family" } })).id].sort(),
    );
    expect(await db.visit.count({ where: { merchantId: a.merchant.id, customerId: s.id } })).toBe(5);
    expect((await db.voucher.findMany({ where: { merchantId: a.merchant.id, customerId: s.id }, orderBy: { code: "asc" } })).map((v) => v.code)).toEqual([
      "MERGE-D1",
      "MERGE-DEAL",
      "MERGE-S1",
    ]);
    const recipients = await db.campaignRecipient.findMany({ where: { merchantId: a.merchant.id, customerId: s.id } });
    expect(recipients.map((r) => [r.campaignId, r.isHoldout]).sort()).toEqual(
      [
        [both.campaign.id, false],
        [dOnly.campaign.id, false],
      ].sort(),
    );
    expect(await db.groupMember.count({ where: { merchantId: a.merchant.id, customerId: s.id } })).toBe(2);
    expect((await listNotes(a.merchant.id, s.id)).map((n) => n.body)).toEqual(["Comes with her sister"]);
    const audit = await db.auditLog.findMany({ where: { merchantId: a.merchant.id, action: "customer.merged", entityId: s.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: a.owner.id, data: { duplicateId: d.id, campaignsBothGot: 1 } });

    // The same request again (a retry after a lost answer): the first answer, nothing done twice.
    expect(await mergeCustomersAction(a.merchant.slug, { survivorId: s.id, duplicateId: d.id })).toEqual({
      ok: true,
      data: { survivorId: s.id, duplicateId: d.id, moved: { visits: 2, vouchers: 2, campaigns: 2, tags: 1, notes: 1, groups: 1 }, alreadyMerged: true },
    });
    expect(await db.auditLog.count({ where: { merchantId: a.merchant.id, action: "customer.merged", entityId: s.id } })).toBe(1);
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: s.id } } })).toMatchObject({ visitCount: 5 });
  });

  it("keeps no consent when only one of two addresses agreed, and takes the duplicate's email and consent when the survivor had none", async () => {
    const s1 = await newCustomer(a, { email: "agree@example.com", emailNormalized: "agree@example.com", emailConsent: true });
    const d1 = await newCustomer(a, { email: "never@example.com", emailNormalized: "never@example.com", emailConsent: false });
    as(a.owner);
    expect(await mergeCustomersAction(a.merchant.slug, { survivorId: s1.id, duplicateId: d1.id })).toMatchObject({ ok: true });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: s1.id } } })).toMatchObject({
      email: "agree@example.com",
      emailConsent: false,
    });

    const s2 = await newCustomer(a, { email: null, emailNormalized: null, phone: "+14155550177" });
    const d2 = await newCustomer(a, { email: "Walkin@Example.com", emailNormalized: "walkin@example.com", emailConsent: true, emailConsentSource: "counter" });
    expect(await mergeCustomersAction(a.merchant.slug, { survivorId: s2.id, duplicateId: d2.id })).toMatchObject({ ok: true });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: s2.id } } })).toMatchObject({
      email: "Walkin@Example.com",
      emailNormalized: "walkin@example.com",
      phone: "+14155550177",
      emailConsent: true,
      emailConsentSource: "counter",
    });
  });

  it("finds candidates by name, email or phone, never the customer itself; refuses itself, other merchants, staff and the counter", async () => {
    const s = await newCustomer(a, { firstName: "Zelda", lastName: "Quill", email: "zelda@example.com", emailNormalized: "zelda@example.com" });
    const d = await newCustomer(a, { firstName: "Zelda", lastName: "Q", email: "zq@example.com", emailNormalized: "zq@example.com" });
    const foreign = await newCustomer(b, { firstName: "Zelda", lastName: "Other", email: "zelda.b@example.com", emailNormalized: "zelda.b@example.com" });
    as(a.owner);
    const found = await searchMergeCandidatesAction(a.merchant.slug, { customerId: s.id, q: "zel" });
    expect(found.ok && found.data.map((c) => c.id)).toEqual([d.id]);
    expect(await mergeCustomersAction(a.merchant.slug, { survivorId: s.id, duplicateId: s.id })).toMatchObject({
      ok: false,
      fieldErrors: { duplicateId: expect.stringContaining("cannot be merged into themselves") },
    });
    // Another merchant's customer as the duplicate is simply not found.
    expect(await mergeCustomersAction(a.merchant.slug, { survivorId: s.id, duplicateId: foreign.id })).toMatchObject({
      ok: false,
      error: expect.stringContaining("duplicate was not found"),
    });
    as(b.owner);
    expect(await mergeCustomersAction(a.merchant.slug, { survivorId: s.id, duplicateId: d.id })).toEqual({ ok: false, error: "That merchant was not found." });
    expect(await mergeCustomersAction(b.merchant.slug, { survivorId: foreign.id, duplicateId: d.id })).toMatchObject({
      ok: false,
      error: expect.stringContaining("not found"),
    });
    expect(await previewMergeAction(b.merchant.slug, { survivorId: s.id, duplicateId: d.id })).toMatchObject({
      ok: false,
      error: "That customer was not found.",
    });
    expect(await searchMergeCandidatesAction(a.merchant.slug, { customerId: s.id, q: "zel" })).toEqual({ ok: false, error: "That merchant was not found." });
    as(a.staff);
    expect(await mergeCustomersAction(a.merchant.slug, { survivorId: s.id, duplicateId: d.id })).toMatchObject({
      ok: false,
      error: "Only a manager or above can do that.",
    });
    as(a.owner, a.merchant.id);
    expect(await mergeCustomersAction(a.merchant.slug, { survivorId: s.id, duplicateId: d.id })).toMatchObject({
      ok: false,
      error: expect.stringContaining("counter only"),
    });
    expect(await db.customer.count({ where: { id: { in: [s.id, d.id, foreign.id] } } })).toBe(3);
  });
});

describe("erasing a customer on request", () => {
  it("removes every personal detail, keeps the visits anonymously, audits who and why, and never sends to them again", async () => {
    const m = await makeMerchant("C360 Erase");
    const c = await newCustomer(m, {
      firstName: "Erin",
      lastName: "Erased",
      email: "Erin@Example.com",
      emailNormalized: "erin@example.com",
      phone: "+14155550150",
      externalId: "POS-ERIN",
      zip: "94110",
      birthday: new Date("1991-01-02"),
      note: "Erin likes the corner",
      emailConsent: true,
      emailConsentSource: "counter",
      interests: ["wine"],
    });
    const keeper = await newCustomer(m, { firstName: "Kim", email: "kim@example.com", emailNormalized: "kim@example.com", emailConsent: true });
    await addVisits(m.merchant.id, c.id, 4, { tag: "family" });
    const vip = await db.tag.create({ data: { merchantId: m.merchant.id, name: "VIP", normalizedName: "vip" } });
    await db.customerTag.create({ data: { merchantId: m.merchant.id, customerId: c.id, tagId: vip.id } });
    const sent = await sendCampaignTo(m.merchant.id, c.id, "ERASE-1", { email: "Erin@Example.com", firstName: "Erin" });
    const deal = await db.deal.create({ data: { merchantId: m.merchant.id, title: "Deal" } });
    await db.voucher.create({
      data: {
        merchantId: m.merchant.id,
        dealId: deal.id,
        code: "ERASE-DEAL",
        customerId: c.id,
        purchaserName: "Erin Erased",
        purchaserEmail: "erin@example.com",
      },
    });
    await db.emailMessage.create({
      data: {
        merchantId: m.merchant.id,
        to: "erin@example.com",
        from: "x@example.com",
        subject: "Hi Erin",
        html: "<p>Hi Erin</p>",
        text: "Hi Erin",
        transport: "mailbox",
      },
    });
    await db.emailMessage.create({
      data: {
        merchantId: m.merchant.id,
        to: "kim@example.com",
        from: "x@example.com",
        subject: "Hi Kim",
        html: "<p>Hi Kim</p>",
        text: "Hi Kim",
        transport: "mailbox",
      },
    });
    as(m.owner);
    await addNoteAction(m.merchant.slug, { customerId: c.id, body: "Erin's husband is Tom" });
    const before = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: c.id } } });

    // The name must be typed to confirm; a wrong one changes nothing.
    expect(await eraseCustomerAction(m.merchant.slug, { customerId: c.id, confirmName: "Erin", reason: "Asked by email" })).toMatchObject({
      ok: false,
      fieldErrors: { confirmName: "Type Erin Erased exactly as shown to confirm." },
    });
    expect(await eraseCustomerAction(m.merchant.slug, { customerId: c.id, confirmName: "erin  erased", reason: "" })).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.stringContaining("Say why") },
    });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: c.id } } })).toMatchObject({
      firstName: "Erin",
      erasedAt: null,
    });

    const res = await eraseCustomerAction(m.merchant.slug, { customerId: c.id, confirmName: "erin  erased", reason: "Asked by email on 2 December" });
    expect(res).toMatchObject({ ok: true, data: { customerId: c.id, alreadyErased: false } });
    const after = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: c.id } } });
    expect(after).toMatchObject({
      firstName: null,
      lastName: null,
      email: null,
      emailNormalized: null,
      phone: null,
      externalId: null,
      zip: null,
      birthday: null,
      anniversary: null,
      note: null,
      interests: [],
      emailConsent: false,
      emailConsentSource: null,
      channelPreference: "none",
      visitCount: 4,
      totalSpentCents: before.totalSpentCents,
      lastVisitAt: before.lastVisitAt,
      lastRating: before.lastRating,
    });
    expect(after.erasedAt).toBeInstanceOf(Date);
    expect(after.unsubscribedAt).toBeInstanceOf(Date);
    // The visit tags stay with the anonymous visits; the customer's own tag is gone.
    expect(after.tagIds).toEqual([(await db.tag.findFirstOrThrow({ where: { merchantId: m.merchant.id, normalizedName: "family" } })).id]);
    expect(await db.visit.count({ where: { merchantId: m.merchant.id, customerId: c.id } })).toBe(4);
    expect(await db.visit.count({ where: { merchantId: m.merchant.id, customerId: c.id, note: { not: null } } })).toBe(0);
    expect(await db.customerNote.count({ where: { merchantId: m.merchant.id, customerId: c.id } })).toBe(0);
    expect(await db.groupMember.count({ where: { merchantId: m.merchant.id, customerId: c.id } })).toBe(0);
    expect(await db.campaignRecipient.findFirstOrThrow({ where: { merchantId: m.merchant.id, campaignId: sent.campaign.id, customerId: c.id } })).toMatchObject(
      { email: null, firstName: null, status: "delivered" },
    );
    expect(await db.voucher.findFirstOrThrow({ where: { merchantId: m.merchant.id, code: "ERASE-DEAL" } })).toMatchObject({
      purchaserName: null,
      purchaserEmail: null,
    });
    expect((await db.emailMessage.findMany({ where: { merchantId: m.merchant.id } })).map((e) => e.to)).toEqual(["kim@example.com"]);
    // Nothing that names them anywhere in this merchant's data.
    const dump = JSON.stringify(
      await Promise.all([
        db.customer.findMany({ where: { merchantId: m.merchant.id, id: c.id } }),
        db.auditLog.findMany({ where: { merchantId: m.merchant.id } }),
        db.campaignRecipient.findMany({ where: { merchantId: m.merchant.id } }),
        db.voucher.findMany({ where: { merchantId: m.merchant.id } }),
      ]),
      (_k, v) => (typeof v === "bigint" ? v.toString() : v),
    );
    expect(dump).not.toMatch(/Erin|Erased|erin@|husband|4155550150|POS-ERIN|94110|wine/);

    const audit = await db.auditLog.findMany({ where: { merchantId: m.merchant.id, action: "customer.erased" } });
    expect(audit).toEqual([
      expect.objectContaining({ entityId: c.id, actorUserId: m.owner.id, data: expect.objectContaining({ reason: "Asked by email on 2 December" }) }),
    ]);

    // A campaign to everyone: the tombstone has no address and is never a recipient.
    const everyone = await everyoneGroup(m.merchant.id);
    const audience = await audienceBreakdown(
      { id: m.merchant.id, timeZone: m.merchant.timeZone, promotionFrequencyCapDays: 0 },
      { id: everyone.id, kind: "dynamic", filter: { field: "visitCount", op: "gte", value: 0 } },
    );
    expect(audience).toMatchObject({ total: 2, eligible: 1, excluded: { noEmail: 1 } });
    expect(audience.lists.eligible.map((p) => p.id)).toEqual([keeper.id]);

    // Their old address coming back through the API is a new customer, not the tombstone filled in again.
    const back = await db.$transaction((tx) =>
      upsertCustomer(tx, m.merchant.id, { email: "erin@example.com", phone: "+14155550150", externalId: "POS-ERIN" }, "api"),
    );
    expect(back.created).toBe(true);
    expect(back.id).not.toBe(c.id);

    // A retry is a no-op; the tombstone cannot be edited, noted, given consent or merged.
    expect(await eraseCustomerAction(m.merchant.slug, { customerId: c.id, confirmName: "whatever", reason: "Asked again" })).toMatchObject({
      ok: true,
      data: { alreadyErased: true },
    });
    expect(await db.auditLog.count({ where: { merchantId: m.merchant.id, action: "customer.erased" } })).toBe(1);
    expect(await editCustomerAction(m.merchant.slug, edit(c.id, { firstName: "Erin" }))).toMatchObject({ ok: false, error: expect.stringContaining("erased") });
    expect(await addNoteAction(m.merchant.slug, { customerId: c.id, body: "hello" })).toMatchObject({ ok: false, error: expect.stringContaining("erased") });
    expect(await changeConsentAction(m.merchant.slug, { customerId: c.id, change: "record", reason: "said yes" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("erased"),
    });
    expect(await mergeCustomersAction(m.merchant.slug, { survivorId: keeper.id, duplicateId: c.id })).toMatchObject({
      ok: false,
      error: expect.stringContaining("erased"),
    });
  });

  it("is not found for another merchant's member and refused to staff and a counter session", async () => {
    const c = await newCustomer(a, { firstName: "Iso", lastName: "Late", email: "isolate@example.com", emailNormalized: "isolate@example.com" });
    const input = { customerId: c.id, confirmName: "Iso Late", reason: "Asked in person" };
    as(b.owner);
    expect(await eraseCustomerAction(a.merchant.slug, input)).toEqual({ ok: false, error: "That merchant was not found." });
    expect(await eraseCustomerAction(b.merchant.slug, input)).toEqual({ ok: false, error: "That customer was not found." });
    as(a.staff);
    expect(await eraseCustomerAction(a.merchant.slug, input)).toMatchObject({ ok: false, error: "Only a manager or above can do that." });
    as(a.staff, a.merchant.id);
    expect(await eraseCustomerAction(a.merchant.slug, input)).toMatchObject({ ok: false, error: expect.stringContaining("counter only") });
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: c.id } } })).toMatchObject({
      firstName: "Iso",
      erasedAt: null,
    });
  });
});

describe("exporting everything held on one customer", () => {
  const get = (slug: string, id: string) =>
    exportOne(new Request(`http://localhost/m/${slug}/customers/${id}/export`), { params: Promise.resolve({ merchant: slug, id }) });

  it("downloads one JSON document with the profile, consent, notes, every visit, codes and promotions, and audits it", async () => {
    const c = await newCustomer(a, {
      firstName: "Xena",
      lastName: "Export",
      email: "xena@example.com",
      emailNormalized: "xena@example.com",
      birthday: new Date("1985-06-07"),
      emailConsent: true,
      emailConsentSource: "counter",
    });
    await addVisits(a.merchant.id, c.id, 60, { tag: "date night" });
    await sendCampaignTo(a.merchant.id, c.id, "EXPORT-1", { email: "xena@example.com", firstName: "Xena" });
    as(a.owner);
    await addNoteAction(a.merchant.slug, { customerId: c.id, body: "Prefers still water" });
    const res = await get(a.merchant.slug, c.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${a.merchant.slug}-customer-${c.id}.json"`);
    const doc = await res.json();
    expect(doc).toMatchObject({
      merchant: { name: a.merchant.name, currency: "USD" },
      customer: { id: c.id, firstName: "Xena", lastName: "Export", email: "xena@example.com", birthday: "1985-06-07" },
      consent: { emailConsent: true, emailConsentSource: "counter" },
      summary: { visitCount: 60 },
      tags: ["date night"],
      notes: [{ body: "Prefers still water" }],
      promotionsReceived: [expect.objectContaining({ promotion: "Off Peak", code: "EXPORT-1", email: "xena@example.com" })],
      vouchers: [expect.objectContaining({ code: "EXPORT-1" })],
    });
    expect(doc.visits).toHaveLength(60);
    expect(doc.visits[0]).toMatchObject({ tags: ["date night"], amountCents: 1060 });
    expect(doc.recordHistory.map((e: { action: string }) => e.action)).toContain("customer.note_added");
    const audit = await db.auditLog.findMany({ where: { merchantId: a.merchant.id, action: "customer.exported", entityId: c.id } });
    expect(audit).toEqual([expect.objectContaining({ actorUserId: a.owner.id })]);
  });

  it("is a 404 for another merchant's member and for an unknown id, and a 403 for staff and a counter session", async () => {
    const c = await newCustomer(a, { firstName: "Private", email: "private@example.com", emailNormalized: "private@example.com" });
    as(b.owner);
    expect((await get(a.merchant.slug, c.id)).status).toBe(404);
    const cross = await get(b.merchant.slug, c.id);
    expect(cross.status).toBe(404);
    expect(await cross.json()).toMatchObject({ status: 404, detail: "That customer was not found." });
    expect((await get(b.merchant.slug, "not-a-uuid")).status).toBe(404);
    as(a.staff);
    expect((await get(a.merchant.slug, c.id)).status).toBe(403);
    as(a.owner, a.merchant.id);
    const counter = await get(a.merchant.slug, c.id);
    expect(counter.status).toBe(403);
    expect(await counter.json()).toMatchObject({ detail: expect.stringContaining("counter only") });
    expect(await db.auditLog.count({ where: { action: "customer.exported", entityId: c.id } })).toBe(0);
  });
});
