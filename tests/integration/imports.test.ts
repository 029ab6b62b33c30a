import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { getImportJob, runImport, startImport, storeUpload, validateImport } from "@/features/imports/service";
import { db } from "@/lib/db";
import { makeMerchant } from "./helpers";

const streamOf = (text: string) => Readable.toWeb(Readable.from([Buffer.from(text)])) as ReadableStream<Uint8Array>;

describe("CSV import", () => {
  it("previews, suggests a mapping, lists invalid rows, merges duplicates and imports only when asked", async () => {
    const m = await makeMerchant("Import");
    await db.customer.create({ data: { merchantId: m.merchant.id, email: "ana@example.com", emailNormalized: "ana@example.com", firstName: "Old" } });
    const csv = [
      "Email,First Name,Last Name,Phone,Birthday,Consent,Tags",
      "ANA@example.com,Ana,Lima,,1990-04-02,yes,",
      "ben@example.com,Ben,Ng,(415) 555-0101,,no,family;vip",
      "not-an-email,Bad,Row,,,,",
      ",,Nobody,,,,",
      "cy@example.com,Cy,,,1990-02-30,,",
      "ben@example.com,Benjamin,,,,,",
    ].join("\n");
    const upload = await storeUpload(m.merchant, "customers", "list.csv", streamOf(csv), m.owner.id);
    expect(upload.headers).toEqual(["Email", "First Name", "Last Name", "Phone", "Birthday", "Consent", "Tags"]);
    expect(upload.mapping).toMatchObject({ email: "Email", firstName: "First Name", lastName: "Last Name", phone: "Phone", birthday: "Birthday", emailConsent: "Consent", tags: "Tags" });

    const job = await validateImport(m.merchant, upload.id, upload.mapping);
    expect(job).toMatchObject({ totalRows: 6, validRows: 3, invalidRows: 3, status: "validated" });
    expect((job.errorSample as { line: number }[]).map((e) => e.line)).toEqual([4, 5, 6]);
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(1); // nothing yet

    await runImport(m.merchant, upload.id, m.owner.id);
    const customers = await db.customer.findMany({ where: { merchantId: m.merchant.id }, orderBy: { emailNormalized: "asc" } });
    expect(customers.map((c) => [c.emailNormalized, c.firstName, c.emailConsent])).toEqual([
      ["ana@example.com", "Ana", true],
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
    const csv = ["customer id,when,spend,party,stars,tags", "pos-1,2026-03-08 01:30,42.50,2,3,family", "pos-1,2026-05-01T12:00:00Z,10,1,1,", "pos-2,yesterday,5,1,,"].join("\n");
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

  it("keeps imports to their merchant", async () => {
    const a = await makeMerchant("Imp A");
    const b = await makeMerchant("Imp B");
    const upload = await storeUpload(a.merchant, "customers", "a.csv", streamOf("email\nx@example.com\n"), a.owner.id);
    await expect(getImportJob(b.merchant.id, upload.id)).rejects.toThrow("not found");
    await expect(validateImport(b.merchant, upload.id, { email: "email" })).rejects.toThrow("not found");
  });
});
