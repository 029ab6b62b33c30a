import { describe, expect, it } from "vitest";
import { formatMoney, parseMoneyToCents } from "./money";
import { hashPassword, verifyPassword } from "./password";
import { allows, can, hasRole, PERMISSIONS, requirePermission, type TPermission } from "./permissions";
import { signPayload, verifySignedPayload } from "./tokens";

describe("passwords", () => {
  // Three scrypt hashes (deliberately slow): over vitest's 5 s default on a loaded 2-core machine.
  it("verifies the right password and rejects others", { timeout: 30_000 }, async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });
});

describe("permissions", () => {
  it("orders roles staff < manager < owner", () => {
    expect(hasRole("owner", "manager")).toBe(true);
    expect(hasRole("staff", "manager")).toBe(false);
    expect(can("staff", "counter.capture")).toBe(true);
    expect(can("staff", "customers.export")).toBe(false);
    expect(can("manager", "billing.manage")).toBe(false);
  });

  it("gives staff the counter and what it needs, not the Best Customer List", () => {
    expect(can("staff", "counter.capture")).toBe(true);
    expect(can("staff", "visits.editOwn")).toBe(true);
    expect(can("staff", "customers.view")).toBe(false);
    expect(can("manager", "customers.view")).toBe(true);
  });

  it("refuses with a plain message", () => {
    expect(() => requirePermission({ role: "staff", sessionKind: "password" }, "campaigns.send")).toThrow("Only a manager or above can do that.");
  });

  it("gives a PIN session only the counter's permissions, whatever the role", () => {
    const counterOnly = new Set<TPermission>(["counter.capture", "visits.editOwn"]);
    for (const permission of Object.keys(PERMISSIONS) as TPermission[]) {
      expect(allows({ role: "owner", sessionKind: "counter" }, permission), permission).toBe(counterOnly.has(permission));
      expect(allows({ role: "owner", sessionKind: "password" }, permission), permission).toBe(true);
    }
    expect(() => requirePermission({ role: "owner", sessionKind: "counter" }, "apiKeys.manage")).toThrow("signed in for the counter only");
  });
});

describe("signed payloads", () => {
  it("round-trips and rejects tampering or another secret", () => {
    const secret = "s".repeat(32);
    const token = signPayload({ c: "abc", m: "m1" }, secret);
    expect(verifySignedPayload(token, secret)).toEqual({ c: "abc", m: "m1" });
    const [body, sig] = token.split(".");
    const forged = `${Buffer.from(JSON.stringify({ c: "abd", m: "m1" })).toString("base64url")}.${sig}`;
    expect(verifySignedPayload(forged, secret)).toBeNull();
    expect(verifySignedPayload(`${body}.${sig}`, "t".repeat(32))).toBeNull();
  });
});

describe("money", () => {
  it("parses amounts typed at the counter into cents", () => {
    expect(parseMoneyToCents("12.5")).toBe(1250);
    expect(parseMoneyToCents("$40")).toBe(4000);
    expect(parseMoneyToCents("0.05")).toBe(5);
    expect(parseMoneyToCents("-3")).toBeNull();
    expect(parseMoneyToCents("1.234")).toBeNull();
  });

  it("formats cents in the merchant's currency", () => {
    expect(formatMoney(123456, "USD")).toBe("$1,234.56");
    expect(formatMoney(5000n, "EUR")).toBe("€50.00");
  });
});
