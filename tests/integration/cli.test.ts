import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { resolveApiKey } from "@/features/tenancy/api-keys";
import { resolveMerchantMembership } from "@/features/tenancy/queries";

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "--conditions=react-server", "src/cli/index.ts", ...args], { env: { ...process.env, LOG_LEVEL: "warn" } });

// The CLI of API.md, run as a separate process against the database (no app running).
describe("npm run cli", () => {
  it("creates a merchant, a user with a role, and an API key that works", async () => {
    await cli("merchant:create", "--name", "Corner Cafe", "--slug", "corner-cafe", "--time-zone", "Europe/Lisbon", "--currency", "eur");
    const { stdout: userOut } = await cli(
      "user:create",
      "--email",
      "barista@example.com",
      "--name",
      "Bea",
      "--password",
      "long-enough-pw",
      "--merchant",
      "corner-cafe",
      "--role",
      "manager",
      "--json",
    );
    const user = JSON.parse(userOut) as { id: string };
    expect(await resolveMerchantMembership(user.id, "corner-cafe")).toMatchObject({
      role: "manager",
      merchant: { timeZone: "Europe/Lisbon", currency: "EUR" },
    });

    const { stdout } = await cli("api-key:create", "--merchant", "corner-cafe", "--name", "POS", "--json");
    const key = JSON.parse(stdout) as { key: string };
    expect((await resolveApiKey(key.key))?.merchant.slug).toBe("corner-cafe");
  }, 120_000); // three CLI processes, each compiling the CLI with tsx: ~30 s on a busy 2-core machine

  it("explains bad input and exits non-zero", async () => {
    const err = await cli("merchant:create", "--name", "X", "--slug", "x y", "--time-zone", "Nowhere/Land").catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toMatch(/--slug: Use lower-case letters/);
    expect((err as { stderr: string }).stderr).toMatch(/IANA time zone/);
  });
});
