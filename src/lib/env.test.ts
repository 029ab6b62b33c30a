import { describe, expect, it } from "vitest";
import { ZServerEnv } from "./env";

const base = { DATABASE_URL: "postgresql://regulars_app@localhost:5432/regulars", NEXTAUTH_SECRET: "x".repeat(32) };

describe("IMPORT_DIR", () => {
  it("is optional, and an empty value means the default folder", () => {
    expect(ZServerEnv.parse(base).IMPORT_DIR).toBeUndefined();
    expect(ZServerEnv.parse({ ...base, IMPORT_DIR: "  " }).IMPORT_DIR).toBeUndefined();
  });

  it("takes a folder path, trimmed", () => {
    expect(ZServerEnv.parse({ ...base, IMPORT_DIR: " /mnt/shared/imports " }).IMPORT_DIR).toBe("/mnt/shared/imports");
  });

  it("refuses a path with control characters, saying which variable is wrong", () => {
    const r = ZServerEnv.safeParse({ ...base, IMPORT_DIR: "/mnt/imports\u0000x" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["IMPORT_DIR"], message: expect.stringContaining("IMPORT_DIR") });
  });
});

describe("CAMPAIGN_SEND_RATE_PER_SECOND", () => {
  it("defaults to 10 a second and takes 0 for no pacing (the e2e server's worker, the send bench)", () => {
    expect(ZServerEnv.parse(base).CAMPAIGN_SEND_RATE_PER_SECOND).toBe(10);
    expect(ZServerEnv.parse({ ...base, CAMPAIGN_SEND_RATE_PER_SECOND: "0" }).CAMPAIGN_SEND_RATE_PER_SECOND).toBe(0);
  });

  it("refuses a negative rate", () => {
    expect(ZServerEnv.safeParse({ ...base, CAMPAIGN_SEND_RATE_PER_SECOND: "-1" }).success).toBe(false);
  });
});
