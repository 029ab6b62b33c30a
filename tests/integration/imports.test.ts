import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  getImportJob as getImportJobOf,
  invalidRowsFile,
  runImport as runImportOf,
  startImport as startImportOf,
  storeUpload as storeUploadOf,
  validateImport as validateImportOf,
} from "@/features/imports/service";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const getImportJob = inTenantOf(getImportJobOf);
const runImport = inTenantOf(runImportOf);
const startImport = inTenantOf(startImportOf);
const storeUpload = inTenantOf(storeUploadOf);
const validateImport = inTenantOf(validateImportOf);

const streamOf = (text: string) => Readable.toWeb(Readable.from([Buffer.from(text)])) as ReadableStream<Uint8Array>;

describe("CSV import", () => {
  it("previews, suggests a mapping, lists invalid rows, merges duplicates and imports only when asked", async () => {
    const m = await makeMerchant("Import");
    await db.customer.create({ data: { merchantId: m.merchant.id, email: "ana@example.com", emailNormalized: "ana@example.com", firstName: "Old" } });
    const csv = [
      "Email,First Name,Last Name,Phone,Birthday,Consent,Tags",
      "ANA@example.com,Ana,Lima,,1990-04-02,yes,",
      "ben@example.com,Ben,Ng,(415) 555-0101,,no,family;vip",
      "=HYPERLINK(evil),Bad,Row,,,,",
      ",,Nobody,,,,",
      "cy@example.com,Cy,,,1990-02-30,,",
      "ben@example.com,Benjamin,,,,,",
    ].join("\n");
    const upload = await storeUpload(m.merchant, "customers", "list.csv", streamOf(csv), m.owner.id);
    expect(upload.headers).toEqual(["Email", "First Name", "Last Name", "Phone", "Birthday", "Consent", "Tags"]);
    expect(upload.mapping).toMatchObject({
      email: "Email",
      firstName: "First Name",
      lastName: "Last Name",
      phone: "Phone",
      birthday: "Birthday",
      emailConsent: "Consent",
      tags: "Tags",
    });

    const job = await validateImport(m.merchant, upload.id, upload.mapping);
    expect(job).toMatchObject({ totalRows: 6, validRows: 3, invalidRows: 3, status: "validated" });
    expect((job.errorSample as { line: number }[]).map((e) => e.line)).toEqual([4, 5, 6]);
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(1); // nothing yet
    // The invalid rows' file opens safely in a spreadsheet: a formula-looking row is shown, not run.
    const invalid = await readFile(invalidRowsFile(m.merchant.id, upload.id), "utf8");
    expect(invalid).toContain(`,"'=HYPERLINK(evil),Bad,Row,,,,"`);

    await runImport(m.merchant, upload.id, m.owner.id);
    const customers = await db.customer.findMany({ where: { merchantId: m.merchant.id }, orderBy: { emailNormalized: "asc" } });
    expect(customers.map((c) => [c.emailNormalized, c.firstName, c.emailConsent])).toEqual([
      ["ana@example.com", "Old", true], // an existing customer's name is never changed unless the manager chooses (default: fill blanks only)
      ["ben@example.com", "Benjamin", false], // the later row of a duplicate wins
    ]);
    const family = await db.tag.findFirstOrThrow({ where: { merchantId: m.merchant.id, normalizedName: "family" } });
    expect(customers[1]!.tagIds).toContain(family.id);
    expect(customers[1]!.phone).toBe("+14155550101");
    expect((await getImportJob(m.merchant.id, upload.id)).status).toBe("done");
    await expect(startImport(m.merchant, upload.id, m.owner.id)).rejects.toThrow("runs once");

    // The next file is offered the same mapping.
    const next = await storeUpload(m.merchant, "customers", "next.csv", streamOf("Email,First Name,Last Name,Phone,Birthday,Consent,Tags\n"), m.owner.id);
    expect(next.mapping).toEqual(upload.mapping);
  });

  it("imports historical visits in the merchant's time zone and rebuilds the aggregates", async () => {
    const m = await makeMerchant("Import visits", "America/Chicago");
    const csv = [
      "customer id,when,spend,party,stars,tags",
      "pos-1,2026-03-08 01:30,42.50,2,3,family",
      "pos-1,2026-05-01T12:00:00Z,10,1,1,",
      "pos-2,yesterday,5,1,,",
    ].join("\n");
    const upload = await storeUpload(m.merchant, "visits", "history.csv", streamOf(csv), m.owner.id);
    expect(upload.mapping).toMatchObject({ externalId: "customer id", occurredAt: "when", amount: "spend", partySize: "party", rating: "stars", tags: "tags" });
    const job = await validateImport(m.merchant, upload.id, upload.mapping);
    expect(job).toMatchObject({ validRows: 2, invalidRows: 1 });
    await runImport(m.merchant, upload.id, m.owner.id);
    const c = await db.customer.findFirstOrThrow({ where: { merchantId: m.merchant.id, externalId: "pos-1" } });
    expect(c).toMatchObject({ visitCount: 2, totalSpentCents: 5250n, lastRating: 1 });
    const first = await db.visit.findFirstOrThrow({ where: { merchantId: m.merchant.id, amountCents: 4250 } });
    expect(first).toMatchObject({ localDayOfWeek: 0, localHour: 1 });
    expect(first.occurredAt.toISOString()).toBe("2026-03-08T07:30:00.000Z");
  });

  it("imports sold vouchers for a deal: same rules as POST /api/v1/vouchers, per-row errors, a code another merchant also has is this merchant's own", async () => {
    const m = await makeMerchant("Import vouchers", "America/Chicago");
    const other = await makeMerchant("Other voucher seller");
    const otherDeal = await db.deal.create({ data: { merchantId: other.merchant.id, title: "Theirs" } });
    await db.voucher.create({ data: { merchantId: other.merchant.id, dealId: otherDeal.id, code: "THEIRS-0001" } });
    const deal = await db.deal.create({ data: { merchantId: m.merchant.id, title: "Brunch for two", voucherExpiresAt: new Date("2027-06-30T23:59:00Z") } });
    await db.voucher.create({ data: { merchantId: m.merchant.id, dealId: deal.id, code: "KEEP-0001", purchaserName: "Kept As Is" } });
    const csv = [
      "Voucher code,Buyer,Buyer email,Bought,Expires",
      "sold-0001,Dana Reyes,DANA@example.com,2026-10-01 18:30,2026-12-31",
      "SOLD-0002,,,2026-10-02T10:00:00Z,",
      "KEEP-0001,Someone Else,,,",
      "THEIRS-0001,Not Ours,,,",
      "x,Too Short,,,",
      "SOLD-0003,,not-an-email,,",
      "SOLD-0001,Twice,,,",
      "SOLD-0004,,,someday,",
    ].join("\n");
    const upload = await storeUpload(m.merchant, "vouchers", "sold.csv", streamOf(csv), m.owner.id);
    expect(upload.mapping).toMatchObject({
      code: "Voucher code",
      purchaserName: "Buyer",
      purchaserEmail: "Buyer email",
      purchasedAt: "Bought",
      expiresAt: "Expires",
    });

    // A deal of this merchant is required; another merchant's deal is not found.
    await expect(validateImport(m.merchant, upload.id, upload.mapping, { dealId: otherDeal.id })).rejects.toThrow("deal was not found");
    await expect(validateImport(m.merchant, upload.id, upload.mapping, {})).rejects.toThrow("Choose the deal");
    const job = await validateImport(m.merchant, upload.id, upload.mapping, { dealId: deal.id });
    expect(job).toMatchObject({ totalRows: 8, validRows: 3, invalidRows: 5, status: "validated", dealId: deal.id });
    const sample = job.errorSample as { line: number; errors: string[] }[];
    expect(sample.map((e) => e.line)).toEqual([4, 6, 7, 8, 9]);
    // A code this merchant already has is reported on its row, naming the deal it belongs to.
    expect(sample.find((e) => e.line === 4)!.errors).toEqual(["Voucher code KEEP-0001 already exists (deal “Brunch for two”)."]);
    expect(sample.find((e) => e.line === 6)!.errors).toEqual(["Voucher code: not a voucher code (4 to 40 letters and digits)."]);
    expect(sample.find((e) => e.line === 8)!.errors.join()).toContain("line 2");
    expect(await db.voucher.count({ where: { merchantId: m.merchant.id } })).toBe(1); // nothing yet

    await runImport(m.merchant, upload.id, m.owner.id);
    const vouchers = await db.voucher.findMany({ where: { merchantId: m.merchant.id }, orderBy: { code: "asc" } });
    expect(vouchers.map((v) => [v.code, v.dealId, v.purchaserName, v.purchaserEmail])).toEqual([
      ["KEEP-0001", deal.id, "Kept As Is", null], // already this merchant's: unchanged
      ["SOLD-0001", deal.id, "Dana Reyes", "dana@example.com"],
      ["SOLD-0002", deal.id, null, null],
      ["THEIRS-0001", deal.id, "Not Ours", null], // codes are per merchant: the other merchant's stays theirs
    ]);
    // Local times in the merchant's zone; a date-only expiry lasts to the end of that day; no expiry → the deal's.
    expect(vouchers[1]!.purchasedAt!.toISOString()).toBe("2026-10-01T23:30:00.000Z");
    expect(vouchers[1]!.expiresAt!.toISOString()).toBe("2027-01-01T05:59:00.000Z");
    expect(vouchers[2]!.expiresAt!.toISOString()).toBe("2027-06-30T23:59:00.000Z");
    expect(await db.voucher.findFirstOrThrow({ where: { code: "THEIRS-0001", merchantId: other.merchant.id } })).toMatchObject({ dealId: otherDeal.id });
    expect(await db.auditLog.count({ where: { merchantId: m.merchant.id, action: "import.vouchers" } })).toBe(1);

    // Or a new deal, named in the wizard.
    const second = await storeUpload(m.merchant, "vouchers", "more.csv", streamOf("Voucher code,Buyer,Buyer email,Bought,Expires\nNEW-0001,,,,\n"), m.owner.id);
    const created = await validateImport(m.merchant, second.id, second.mapping, { newDealTitle: "Winter tasting menu" });
    await runImport(m.merchant, second.id, m.owner.id);
    const newDeal = await db.deal.findFirstOrThrow({ where: { merchantId: m.merchant.id, title: "Winter tasting menu" } });
    expect(created.dealId).toBe(newDeal.id);
    expect(await db.voucher.findFirstOrThrow({ where: { code: "NEW-0001" } })).toMatchObject({ merchantId: m.merchant.id, dealId: newDeal.id });
  });

  it("keeps imports to their merchant", async () => {
    const a = await makeMerchant("Imp A");
    const b = await makeMerchant("Imp B");
    const upload = await storeUpload(a.merchant, "customers", "a.csv", streamOf("email\nx@example.com\n"), a.owner.id);
    await expect(getImportJob(b.merchant.id, upload.id)).rejects.toThrow("not found");
    await expect(validateImport(b.merchant, upload.id, { email: "email" })).rejects.toThrow("not found");
  });
});
