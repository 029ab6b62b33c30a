import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  getImportJob as getImportJobOf,
  runImport as runImportOf,
  startImport as startImportOf,
  storeUpload as storeUploadOf,
  validateImport as validateImportOf,
} from "@/features/imports/service";
import type { TCustomerImportPreview } from "@/features/imports/fields";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const getImportJob = inTenantOf(getImportJobOf);
const runImport = inTenantOf(runImportOf);
const startImport = inTenantOf(startImportOf);
const storeUpload = inTenantOf(storeUploadOf);
const validateImport = inTenantOf(validateImportOf);

// A customer import shows what it would do to existing customers before it runs, and changes an
// existing customer's fields only as the manager chose (default: fill blanks only).

const streamOf = (text: string) => Readable.toWeb(Readable.from([Buffer.from(text)])) as ReadableStream<Uint8Array>;
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
};

async function merchantWithCustomers(name: string) {
  const m = await makeMerchant(name);
  const merchantId = m.merchant.id;
  await db.customer.createMany({
    data: [
      { merchantId, email: "ana@example.com", emailNormalized: "ana@example.com", firstName: "Ana", lastName: "Lima" },
      { merchantId, phone: "+14155550101", firstName: "Ben" },
      { merchantId, externalId: "pos-9", firstName: "Cy" },
    ],
  });
  return m;
}

const FILE = [
  "ID,Email,Name,Phone,ZIP,Opted in",
  ",ANA@example.com,Anabel Lima-Smith,,,yes",
  ",,Benny,(415) 555-0101,,",
  "pos-9,,,,94103,",
  ",dee@example.com,Dee Ortiz,,10001,yes",
  ",dee@example.com,Deirdre Ortiz,,,",
].join("\n");

describe("customer import preview", { timeout: 120_000 }, () => {
  it("counts new and updated customers by the key that matched them, with the fields that would change, before writing anything", async () => {
    const m = await merchantWithCustomers("Preview");
    const upload = await storeUpload(m.merchant, "customers", "guests.csv", streamOf(FILE), m.owner.id);
    // One "Name" column is offered as the full name.
    expect(upload.mapping).toMatchObject({ externalId: "ID", email: "Email", fullName: "Name", phone: "Phone", zip: "ZIP", emailConsent: "Opted in" });
    const job = await validateImport(m.merchant, upload.id, upload.mapping);
    const preview = job.preview as TCustomerImportPreview;
    expect(preview).toMatchObject({
      rows: 5,
      created: 1,
      repeats: 1,
      updates: { total: 3, customers: 3, byExternalId: 1, byEmail: 1, byPhone: 1 },
      consent: { yes: 2, no: 0 },
    });
    expect(Object.fromEntries(preview.fields.map((f) => [f.key, [f.differ, f.fill]]))).toEqual({
      firstName: [2, 0],
      lastName: [1, 0],
      zip: [0, 1],
      birthday: [0, 0],
      anniversary: [0, 0],
    });
    // Rows that would replace a value come first, with the customer's value and the file's.
    expect(preview.samples.map((s) => [s.line, s.matchedBy, s.customer])).toEqual([
      [2, "email", "Ana Lima"],
      [3, "phone", "Ben"],
      [4, "external id", "Cy"],
    ]);
    expect(preview.samples[0]!.changes).toEqual([
      { field: "First name", before: "Ana", after: "Anabel" },
      { field: "Last name", before: "Lima", after: "Lima-Smith" },
    ]);
    expect(preview.samples[2]!.changes).toEqual([{ field: "ZIP", before: null, after: "94103" }]);
    // Nothing written yet.
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(3);
  });

  it("by default never renames an existing customer: fills only blanks; a customer the file creates takes its later rows", async () => {
    const m = await merchantWithCustomers("Default policy");
    const upload = await storeUpload(m.merchant, "customers", "guests.csv", streamOf(FILE), m.owner.id);
    await validateImport(m.merchant, upload.id, upload.mapping);
    await startImport(m.merchant, upload.id, m.owner.id, { consentSource: "Paper sign-up sheet at the till" });
    await until(async () => (await getImportJob(m.merchant.id, upload.id)).status === "done");
    const byName = Object.fromEntries(
      (await db.customer.findMany({ where: { merchantId: m.merchant.id } })).map((c) => [c.emailNormalized ?? c.phone ?? c.externalId, c]),
    );
    expect(byName["ana@example.com"]).toMatchObject({
      firstName: "Ana",
      lastName: "Lima",
      emailConsent: true,
      emailConsentSource: "import: Paper sign-up sheet at the till",
    });
    expect(byName["+14155550101"]).toMatchObject({ firstName: "Ben" });
    expect(byName["pos-9"]).toMatchObject({ firstName: "Cy", zip: "94103" });
    expect(byName["dee@example.com"]).toMatchObject({
      firstName: "Deirdre",
      lastName: "Ortiz",
      zip: "10001",
      emailConsentSource: "import: Paper sign-up sheet at the till",
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { merchantId: m.merchant.id, action: "import.customers" } });
    expect(audit.data).toMatchObject({ options: { consentSource: "Paper sign-up sheet at the till" } });
  });

  it("takes the file's value or keeps the existing one per field, as the manager chose", async () => {
    const m = await merchantWithCustomers("Chosen policy");
    await db.customer.updateMany({ where: { merchantId: m.merchant.id, externalId: "pos-9" }, data: { zip: "02110" } });
    const upload = await storeUpload(m.merchant, "customers", "guests.csv", streamOf(FILE), m.owner.id);
    await validateImport(m.merchant, upload.id, upload.mapping);
    await db.importJob.update({
      where: { merchantId_id: { merchantId: m.merchant.id, id: upload.id } },
      data: { options: { policy: { firstName: "file", lastName: "keep", zip: "file" } } },
    });
    await runImport(m.merchant, upload.id, m.owner.id);
    const ana = await db.customer.findFirstOrThrow({ where: { merchantId: m.merchant.id, emailNormalized: "ana@example.com" } });
    expect(ana).toMatchObject({ firstName: "Anabel", lastName: "Lima", emailConsentSource: "import" });
    expect(await db.customer.findFirstOrThrow({ where: { merchantId: m.merchant.id, externalId: "pos-9" } })).toMatchObject({ zip: "94103" });
  });
});

describe("a malformed CSV", { timeout: 120_000 }, () => {
  it("is refused with the line and the reason, at upload or at the check, never as a server error", async () => {
    const m = await makeMerchant("Malformed");
    // In the first rows: the upload's preview reads it.
    const early = storeUpload(m.merchant, "customers", "bad.csv", streamOf('email,name\na@example.com,Ana\nb@example.com,Bob "the" Ng\n'), m.owner.id);
    await expect(early).rejects.toMatchObject({ code: "BAD_REQUEST", details: { line: 3 } });
    await expect(early).rejects.toThrow(/Line 3 of the file is not valid CSV: a value \(column 2\) has a quote/);
    // Past the preview: the check reads it, and nothing is imported.
    const rows = Array.from({ length: 20 }, (_, i) => `p${i}@example.com,Person ${i}`);
    rows.splice(15, 0, '"q@example.com,Unclosed');
    const late = await storeUpload(m.merchant, "customers", "late.csv", streamOf(["email,name", ...rows].join("\n")), m.owner.id);
    const check = validateImport(m.merchant, late.id, late.mapping);
    await expect(check).rejects.toMatchObject({ code: "BAD_REQUEST", details: { line: 17 } });
    await expect(check).rejects.toThrow(/never closed/);
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(0);
  });
});
