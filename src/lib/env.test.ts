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
