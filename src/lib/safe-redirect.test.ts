import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

const app = "https://app.regulars.test";

describe("safeRedirectPath", () => {
  const hostile = [
    "//evil.example",
    "//evil.example/m/x",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5Cevil.example".replace("%5C", "\\"), // as Next hands it over, already decoded
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "\t//evil.example",
    "https://evil.example",
    "https://evil.example/start",
    "http://app.regulars.test/start", // another scheme is another origin
    "https://app.regulars.test.evil.example/",
    "https://app.regulars.test@evil.example/",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/a/..//evil.example",
    "/.//evil.example",
    "///evil.example",
    "/\\/evil.example",
    "",
  ];

  it.each(hostile)("refuses %j", (value) => {
    expect(safeRedirectPath(value, app)).toBe("/start");
  });

  it("refuses an overlong value", () => {
    expect(safeRedirectPath(`/${"x".repeat(3000)}`, app)).toBe("/start");
  });

  it("refuses what is not a string", () => {
    for (const v of [undefined, null, 42, {}, ["//evil.example"]]) expect(safeRedirectPath(v, app)).toBe("/start");
  });

  it("keeps encoded separators encoded, so the browser stays on this site", () => {
    // "%5C" and "%09" are never read as "\" or a tab by a browser; the path stays on our origin.
    // "https:evil" with no slashes is relative to our own https origin.
    for (const v of ["/%5Cevil.example", "/%09/evil.example", "/%2F%2Fevil.example", "/%255Cevil.example", "https:evil.example"]) {
      const out = safeRedirectPath(v, app);
      expect(new URL(out, app).origin).toBe(app);
      expect(out.startsWith("//")).toBe(false);
    }
  });

  it("keeps this app's own paths and absolute URLs as paths", () => {
    expect(safeRedirectPath("/m/harbor-bistro/customers?f=abc#top", app)).toBe("/m/harbor-bistro/customers?f=abc#top");
    expect(safeRedirectPath("https://app.regulars.test/m/harbor-bistro/counter", app)).toBe("/m/harbor-bistro/counter");
    expect(safeRedirectPath("/", app)).toBe("/");
    expect(safeRedirectPath(["/m/a", "/m/b"], app)).toBe("/m/a");
  });

  it("uses the fallback it is given", () => {
    expect(safeRedirectPath("//evil.example", app, "/")).toBe("/");
  });
});
