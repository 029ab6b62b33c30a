import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// Issue 15, step 5: the settings a campaign needs (postal address, branding, zone …) through
// PATCH /api/v1/merchant and the CLI, so a merchant made without the UI can send a campaign
// without anyone opening Settings.
import { POST as postCampaign } from "@/app/api/v1/campaigns/route";
import { GET as getMerchant, PATCH as patchMerchant } from "@/app/api/v1/merchant/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { resolveApiKey } from "@/features/tenancy/api-keys";
import { everyoneGroup } from "./campaign-fixtures";
import { callRoute, db, makeMerchant } from "./helpers";

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "--conditions=react-server", "src/cli/index.ts", ...args], { env: { ...process.env, LOG_LEVEL: "warn" } });

/** A promotion written straight to the table: the fixture's helper would give the merchant an address. */
async function promotion(merchantId: string) {
  return db.promotion.create({
    data: { merchantId, name: "Welcome back", title: "Welcome back", offer: "10% off", subject: "Hi {{firstName}}", body: "Come back soon." },
    select: { id: true },
  });
}

async function campaignStatus(merchantId: string, key: string) {
  const [p, g] = await Promise.all([promotion(merchantId), everyoneGroup(merchantId, `Everyone ${Math.random()}`)]);
  const res = await callRoute(postCampaign, "/api/v1/campaigns", { key, body: { promotionId: p.id, groupId: g.id, holdoutPercent: 10 } });
  return { status: res.status, body: (await res.json()) as { detail?: string } };
}

describe("PATCH /api/v1/merchant", () => {
  it("sets the postal address and branding; the merchant can then send a campaign", async () => {
    const m = await makeMerchant("Api Settings");
    const before = await campaignStatus(m.merchant.id, m.apiKey);
    expect(before).toMatchObject({ status: 422, body: { detail: expect.stringMatching(/postal address/) } });

    const res = await callRoute(patchMerchant, "/api/v1/merchant", {
      key: m.apiKey,
      method: "PATCH",
      body: {
        addressLine1: "12 Harbor Rd",
        city: "Portland",
        region: "ME",
        postalCode: "04101",
        country: "us",
        brandColor: "#112233",
        logoUrl: "https://example.com/l.png",
        promotionFrequencyCapDays: 14,
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      slug: m.merchant.slug,
      addressLine1: "12 Harbor Rd",
      country: "US",
      brandColor: "#112233",
      promotionFrequencyCapDays: 14,
      readyToSend: true,
      addressProblem: null,
    });
    expect((await campaignStatus(m.merchant.id, m.apiKey)).status).toBe(201);
    expect(await db.auditLog.count({ where: { merchantId: m.merchant.id, action: "merchant.updated", actorApiKeyId: { not: null } } })).toBe(1);

    // Only the fields sent change; a new zone takes effect for the key at once.
    await callRoute(patchMerchant, "/api/v1/merchant", { key: m.apiKey, method: "PATCH", body: { timeZone: "Europe/Paris", name: "Renamed" } });
    const got = await (await callRoute(getMerchant, "/api/v1/merchant", { key: m.apiKey, method: "GET" })).json();
    expect(got).toMatchObject({ name: "Renamed", timeZone: "Europe/Paris", city: "Portland" });
    expect((await resolveApiKey(m.apiKey))?.merchant.timeZone).toBe("Europe/Paris");
  });

  it("refuses bad input naming each field, changes nothing, and touches only the key's merchant", async () => {
    const a = await makeMerchant("Api Bad");
    const b = await makeMerchant("Api Other");
    const res = await callRoute(patchMerchant, "/api/v1/merchant", {
      key: a.apiKey,
      method: "PATCH",
      body: { timeZone: "Mars/Base", country: "USA", brandColor: "red", logoUrl: "http://insecure.example", city: "Ok" },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["/brandColor", "/country", "/logoUrl", "/timeZone"]);
    expect((await db.merchant.findUniqueOrThrow({ where: { id: a.merchant.id } })).city).toBe("");
    expect((await callRoute(patchMerchant, "/api/v1/merchant", { key: a.apiKey, method: "PATCH", body: { slug: "steal-a-slug" } })).status).toBe(400);
    expect((await callRoute(patchMerchant, "/api/v1/merchant", { method: "PATCH", body: { city: "X" } })).status).toBe(401);

    await callRoute(patchMerchant, "/api/v1/merchant", { key: a.apiKey, method: "PATCH", body: { city: "Only A" } });
    expect((await db.merchant.findUniqueOrThrow({ where: { id: b.merchant.id } })).city).toBe("");
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await openapi(new Request("http://localhost/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/api/v1/merchant"]!)).toEqual(["get", "patch"]);
  });
});

describe("merchant:create and merchant:update flags", () => {
  it("a merchant made by the CLI with its address sends a campaign; merchant:update changes only what it is given", async () => {
    await cli(
      "merchant:create",
      "--name",
      "Cli Bistro",
      "--slug",
      "cli-bistro",
      "--time-zone",
      "America/Denver",
      "--address-line1",
      "1 Main St",
      "--city",
      "Boulder",
      "--region",
      "CO",
      "--postal-code",
      "80302",
      "--country",
      "us",
      "--brand-color",
      "#abcdef",
    );
    const m = await db.merchant.findUniqueOrThrow({ where: { slug: "cli-bistro" } });
    expect(m).toMatchObject({ addressLine1: "1 Main St", city: "Boulder", postalCode: "80302", country: "US", brandColor: "#abcdef" });
    const { stdout } = await cli("merchant:update", "--slug", "cli-bistro", "--city", "Denver", "--frequency-cap-days", "3", "--json");
    expect(JSON.parse(stdout)).toMatchObject({ city: "Denver", postalCode: "80302", promotionFrequencyCapDays: 3 });
    const key = await import("@/features/tenancy/admin-commands").then((ops) => ops.createApiKeyForMerchant({ merchantSlug: "cli-bistro", name: "test" }));
    expect((await campaignStatus(m.id, key.key)).status).toBe(201);

    const err = await cli("merchant:update", "--slug", "cli-bistro", "--postal-code", "x".repeat(30), "--country", "USA").catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toMatch(/--country: Use the two-letter country code/);
    expect((err as { stderr: string }).stderr).toMatch(/--postal-code:/);
    expect((await db.merchant.findUniqueOrThrow({ where: { slug: "cli-bistro" } })).postalCode).toBe("80302");
  }, 180_000); // three CLI processes, each compiling the CLI with tsx
});
