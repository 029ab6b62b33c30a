import { describe, expect, it } from "vitest";
import { mailboxTime } from "./mailbox-time";

describe("mailboxTime", () => {
  it("shows the merchant's wall clock and names the zone, whatever the server's or browser's zone", () => {
    const at = new Date("2026-12-02T14:05:00Z");
    expect(mailboxTime(at, "America/New_York")).toBe("Dec 2, 2026, 9:05 AM EST");
    expect(mailboxTime(at, "America/Los_Angeles")).toBe("Dec 2, 2026, 6:05 AM PST");
    expect(mailboxTime(at, "UTC")).toBe("Dec 2, 2026, 2:05 PM UTC");
  });
});
