import { describe, expect, it } from "vitest";
import { RFM_SEGMENTS } from "@/features/filters/schemas";
import { ZAutomationForm, ZWelcomeSettings, welcomeSegment } from "./schemas";

const form = (filter: unknown) => ({
  kind: "welcome_best",
  promotionId: "00000000-0000-4000-8000-000000000001",
  sendHour: 10,
  quietHourFrom: 21,
  quietHourTo: 9,
  oncePerCustomer: true,
  settings: { filter },
});
const fieldErrors = (input: unknown) => {
  const r = ZAutomationForm.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("what a welcome automation may watch", () => {
  it("takes every RFM segment of FILTERS.md by name", () => {
    for (const s of RFM_SEGMENTS) {
      expect(ZWelcomeSettings.parse({ filter: `segment:${s}` })).toEqual({ filter: `segment:${s}` });
      expect(welcomeSegment(`segment:${s}`)).toBe(s);
    }
  });

  it("still takes a preset and a saved Smart Filter", () => {
    expect(ZAutomationForm.safeParse(form("preset:best")).success).toBe(true);
    expect(ZAutomationForm.safeParse(form("saved:0b7e1c52-5d1e-4c43-9a55-3f0c8f2f8d11")).success).toBe(true);
  });

  it("refuses an unknown segment with a plain message on the field", () => {
    expect(fieldErrors(form("segment:vip"))).toEqual({ "settings.filter": "There is no RFM segment by that name. Pick one from the list." });
    expect(fieldErrors(form("segment:Champions"))).toEqual({ "settings.filter": "There is no RFM segment by that name. Pick one from the list." });
    expect(welcomeSegment("segment:vip")).toBeNull();
    expect(welcomeSegment("preset:best")).toBeNull();
  });

  it("refuses anything else with the same field's message", () => {
    expect(fieldErrors(form("champions"))).toEqual({ "settings.filter": "Pick a Smart Filter or an RFM segment." });
    expect(fieldErrors(form(42))).toEqual({ "settings.filter": "Pick a Smart Filter or an RFM segment." });
  });
});
